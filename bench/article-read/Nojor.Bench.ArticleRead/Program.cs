extern alias defaults;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using defaults::Nojor.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nojor;
using Nojor.AppHost.Infrastructure;

// Starts the whole platform on free ports (like the integration tests), files one report, prints
//   BENCH GATEWAY=<url> DIRECT=<url> ROUTE=/api/articles/<slug>
// and keeps running until stdin closes. Usage: Nojor.Bench.ArticleRead <tuned|baseline> [AppHost arguments...]
// (e.g. --Gateway:ReadCache:Enabled=false to measure one setting against another).
var mode = args.FirstOrDefault() ?? "tuned";
const string signingKey = "benchmark-signing-key-0123456789abcdef";
var dataRoot = Path.Combine(Path.GetTempPath(), "nojor-bench", Guid.NewGuid().ToString("N")[..8]);

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nojor_AppHost>(
[
    .. IsolatedRun.Arguments(dataRoot),
    $"--Parameters:editor-signing-key={signingKey}",
    // The benchmark is one client hammering one route: budgets must not be what it measures.
    "--Gateway:RateLimits:Read:PermitLimit=100000000",
    $"--Gateway:Performance:Mode={mode}",
    .. args.Skip(1),
]);
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
    .AddFilter($"{builder.Environment.ApplicationName}.Resources", LogLevel.None));
await using var app = await builder.BuildAsync();
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
await app.StartAsync(timeout.Token);
foreach (var service in new[] { ResourceNames.ArticleApi, ResourceNames.Gateway })
{
    await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
}

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
await app.StopAsync();
try
{
    Directory.Delete(dataRoot, recursive: true);
}
catch (IOException)
{
}
