using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nojor.Authentication;
using Nojor.IntegrationTests.Gateway;

namespace Nojor.IntegrationTests.Hardening;

/// <summary>
/// Tokens an attacker could present (unsigned, signed for someone else, with another key, stale, never expiring, or
/// living longer than the cap) are refused at the gateway and again by each service reached around it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EditorTokenTests(PlatformFixture platform)
{
    /// <summary>Where each check happens, and an editor-only request there that a valid token gets through.</summary>
    public static TheoryData<string, string> Checkpoints => new()
    {
        // Through the gateway, which refuses the route itself before proxying.
        { ResourceNames.Gateway, "/api/feedback/moderation/comments" },
        // Around it, straight to each service with an editor-only route.
        { ResourceNames.ArticleApi, "/api/articles/by-id/0195f1d2-0000-7000-8000-00000000a11e/draft" },
        { ResourceNames.FeedbackApi, "/api/feedback/moderation/comments" },
        { ResourceNames.NotificationApi, "/api/notifications/alerts/by-article/0195f1d2-0000-7000-8000-00000000a11e" },
    };

    public static TheoryData<string, string, string> Forgeries()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var checkpoint in Checkpoints)
        {
            foreach (var forgery in ForgeryKinds)
            {
                data.Add((string)checkpoint[0], (string)checkpoint[1], forgery);
            }
        }
        return data;
    }

    private static readonly string[] ForgeryKinds =
        ["unsigned (alg none)", "wrong issuer", "wrong audience", "wrong key", "expired", "without exp", "lifetime over the cap"];

    [Theory]
    [MemberData(nameof(Checkpoints))]
    public async Task A_valid_editor_token_gets_through(string resource, string path)
    {
        var response = await SendAsync(resource, path, PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_overlong_token_is_refused(string resource, string path, string forgery)
    {
        var response = await SendAsync(resource, path, Forge(forgery));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    private async Task<HttpResponseMessage> SendAsync(string resource, string path, string token)
    {
        using var client = platform.App.CreateHttpClient(resource);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request);
    }

    private static string Forge(string kind)
    {
        var right = new EditorAuthenticationOptions { SigningKey = PlatformFixture.SigningKey };
        string[] roles = [PlatformFixture.AdminRole];
        return kind switch
        {
            "unsigned (alg none)" => Unsigned(),
            "wrong issuer" => EditorTokenIssuer.Issue(new() { SigningKey = PlatformFixture.SigningKey, Issuer = "https://issuer.example" }, "mallory", roles),
            "wrong audience" => EditorTokenIssuer.Issue(new() { SigningKey = PlatformFixture.SigningKey, Audience = "another-api" }, "mallory", roles),
            "wrong key" => PlatformFixture.IssueForeignToken(PlatformFixture.AdminRole),
            // Well past the validators' clock skew.
            "expired" => EditorTokenIssuer.Issue(right, "mallory", roles, TimeSpan.FromHours(1),
                new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(2))),
            "without exp" => WithoutExpiry(),
            // A leaked token must not stay useful for days.
            "lifetime over the cap" => EditorTokenIssuer.Issue(right, "mallory", roles, TimeSpan.FromDays(30)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>A well-formed token whose header says <c>alg: none</c> and that carries no signature at all.</summary>
    private static string Unsigned()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var header = Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Encode($$"""{"sub":"mallory","role":"admin","iss":"nojor-dev","aud":"nojor-api","iat":{{now}},"nbf":{{now}},"exp":{{now + 600}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>Correctly signed with the platform's key, but with no <c>exp</c>: it would be valid for ever.</summary>
    private static string WithoutExpiry()
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "nojor-dev",
            Audience = "nojor-api",
            Subject = new ClaimsIdentity([new Claim("sub", "mallory"), new Claim(EditorAuthentication.RoleClaim, PlatformFixture.AdminRole)]),
            IssuedAt = DateTime.UtcNow,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(PlatformFixture.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
