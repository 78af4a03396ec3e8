using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Nojor.Authentication;

namespace Nojor.UnitTests.Authentication;

/// <summary>
/// Where an editor-token signing key may come from in each environment, and which algorithms an OIDC authority's
/// tokens may use: a real host with the shared sign-in set-up and one editor-only route.
/// </summary>
public sealed class EditorSignInTests : IDisposable
{
    /// <summary>The key that sat in the AppHost's committed settings: anyone with the repository has it.</summary>
    private const string RetiredDevelopmentKey = "nojor-local-development-signing-key-change-me";

    private readonly string _folder = Directory.CreateTempSubdirectory("nojor-signin-").FullName;

    [Fact]
    public async Task Outside_development_a_key_given_inline_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartAsync(Environments.Production, ("EditorAuth:SigningKey", RandomKey())));
        Assert.Contains("SigningKeyFile", error.Message);
    }

    [Fact]
    public async Task Outside_development_a_key_read_from_a_mounted_secret_file_is_accepted()
    {
        var key = RandomKey();
        var file = Path.Combine(_folder, "editor-signing-key");
        // Secret files often end with a newline; it is not part of the key.
        await File.WriteAllTextAsync(file, key + "\n");
        await using var app = await StartAsync(Environments.Production, ("EditorAuth:SigningKeyFile", file));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, Token(key)));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, Token(RandomKey())));
    }

    [Fact]
    public async Task A_missing_key_file_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartAsync(Environments.Production, ("EditorAuth:SigningKeyFile", Path.Combine(_folder, "not-there"))));
        Assert.Contains("not-there", error.Message);
    }

    [Fact]
    public async Task In_development_a_key_given_inline_still_signs_in()
    {
        var key = RandomKey();
        await using var app = await StartAsync(Environments.Development, ("EditorAuth:SigningKey", key));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, Token(key)));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task The_retired_development_key_is_refused_in_every_environment(string environment)
    {
        var file = Path.Combine(_folder, "old-key");
        await File.WriteAllTextAsync(file, RetiredDevelopmentKey);
        var setting = environment == Environments.Development ? ("EditorAuth:SigningKey", RetiredDevelopmentKey) : ("EditorAuth:SigningKeyFile", file);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(environment, setting));
        Assert.Contains("committed", error.Message);
    }

    [Fact]
    public async Task With_an_authority_only_asymmetric_algorithms_are_accepted()
    {
        await using var app = await StartAsync(Environments.Production, ("EditorAuth:Authority", "https://login.example.com/realms/nojor"));

        var jwt = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var algorithms = jwt.TokenValidationParameters.ValidAlgorithms?.ToList();
        Assert.NotNull(algorithms);
        Assert.Contains(SecurityAlgorithms.RsaSha256, algorithms);
        Assert.Contains(SecurityAlgorithms.EcdsaSha256, algorithms);
        Assert.All(algorithms, algorithm =>
            Assert.True(algorithm.StartsWith("RS", StringComparison.Ordinal) || algorithm.StartsWith("PS", StringComparison.Ordinal)
                || algorithm.StartsWith("ES", StringComparison.Ordinal), $"{algorithm} is not an asymmetric signature"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string Token(string key) =>
        EditorTokenIssuer.Issue(new EditorAuthenticationOptions { SigningKey = key }, "editor-1", [EditorAuthentication.EditorRole], TimeSpan.FromHours(1));

    private static async Task<HttpStatusCode> CallAsync(WebApplication app, string token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/editors-only")).StatusCode;
    }

    private static async Task<WebApplication> StartAsync(string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddProblemDetails();
        builder.AddEditorAuthentication();
        var app = builder.Build();
        app.MapGet("/editors-only", () => "ok").RequireAuthorization(EditorAuthentication.EditorPolicy);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }
}
