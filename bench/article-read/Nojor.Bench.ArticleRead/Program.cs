using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nojor;
using Nojor.Authentication;
using Nojor.Testing;

// Starts the whole platform on free ports (like the integration tests), files one report, prints
//   BENCH GATEWAY=<url> DIRECT=<url> ROUTE=/api/articles/<slug>
// and keeps running until stdin closes. Usage: Nojor.Bench.ArticleRead [AppHost arguments...]
// (e.g. --Gateway:ReadCache:Enabled=false to measure one setting against another).
const string signingKey = "benchmark-signing-key-0123456789abcdef";

await using var platform = await TestPlatform.StartAsync<Projects.Nojor_AppHost>(
[
    $"--Parameters:editor-signing-key={signingKey}",
    // The benchmark is one client hammering one route: budgets must not be what it measures.
    "--Gateway:RateLimits:Read:PermitLimit=100000000",
    .. args,
], [ResourceNames.ArticleApi, ResourceNames.Gateway], TimeSpan.FromMinutes(4),
    // Nothing reads this process's output after the BENCH line: the resources' logs must not fill the pipe.
    builder => builder.Services.AddLogging(logging => logging.AddFilter($"{builder.Environment.ApplicationName}.Resources", LogLevel.None)),
    folder: "nojor-bench");
var app = platform.App;
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));

using var editor = app.CreateHttpClient(ResourceNames.Gateway);
var token = EditorTokenIssuer.Issue(new EditorAuthenticationOptions { SigningKey = signingKey }, "bench", [EditorAuthentication.EditorRole]);
editor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var filed = await editor.PostAsJsonAsync("/api/articles", new { headline = "Benchmark report on the harbour light", section = "news" }, timeout.Token);
filed.EnsureSuccessStatusCode();
var slug = (await filed.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("slug").GetString();

var gateway = app.GetEndpoint(ResourceNames.Gateway, "http");
var direct = app.GetEndpoint(ResourceNames.ArticleApi, "http");
Console.WriteLine($"BENCH GATEWAY={gateway.ToString().TrimEnd('/')} DIRECT={direct.ToString().TrimEnd('/')} ROUTE=/api/articles/{slug}");
await Console.In.ReadToEndAsync();
