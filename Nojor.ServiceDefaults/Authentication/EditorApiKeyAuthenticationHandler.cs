using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nojor.Authentication;

/// <summary>
/// Signs editors in by the shared API key in <see cref="EditorAuthenticationOptions.ApiKeyHeader"/>. Being an
/// authentication scheme, it runs before the body is read, and the gateway's token sign-in can
/// later replace it without touching the endpoints.
/// </summary>
internal sealed class EditorApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<EditorAuthenticationOptions> editorial,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EditorApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[EditorAuthenticationOptions.ApiKeyHeader].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        // Constant-time comparison: response timing must not reveal how much of the key was right.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(editorial.Value.ApiKey)))
        {
            return Task.FromResult(AuthenticateResult.Fail("The editor API key is not valid."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "editor"), new Claim(ClaimTypes.Role, EditorAuthentication.EditorRole)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var result = await HandleAuthenticateOnceSafeAsync();
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = result.Failure?.Message ?? $"Editor actions need the {EditorAuthenticationOptions.ApiKeyHeader} header.",
            },
        });
    }
}
