using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Nojor.Authentication;

/// <summary>
/// Answers a missing or bad token (401) and a token without the needed role (403) with RFC 9457 problem
/// details instead of the handler's empty bodies, keeping the standard <c>WWW-Authenticate</c> header.
/// </summary>
internal sealed class EditorTokenProblemEvents(TimeSpan maxTokenLifetime) : JwtBearerEvents
{
    /// <summary>
    /// Refuses a token valid for longer than <c>EditorAuth:MaxTokenLifetime</c>, counted from its issue time (or its
    /// not-before time), and from now when that claims to lie in the future: a stolen long-lived token stays useful
    /// for as long as it says, so the cap holds whatever the issuer chose.
    /// </summary>
    public override Task TokenValidated(TokenValidatedContext context)
    {
        var token = context.SecurityToken;
        var now = (context.HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var issued = token is JsonWebToken { IssuedAt: var iat } && iat != DateTime.MinValue ? iat
            : token.ValidFrom != DateTime.MinValue ? token.ValidFrom
            : now;
        if (token.ValidTo - (issued < now ? issued : now) > maxTokenLifetime)
        {
            context.Fail($"The token is valid for longer than the {maxTokenLifetime.TotalHours:0.#} hours this API accepts.");
        }
        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer"
            : "Bearer error=\"invalid_token\"";
        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
            context.AuthenticateFailure is null
                ? "This action needs an editor's bearer token (Authorization: Bearer <token>)."
                : "The bearer token is not valid: it is expired, malformed, or not signed for this API.");
    }

    public override Task Forbidden(ForbiddenContext context) =>
        WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
            "The bearer token is valid but its role does not allow this action.");

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
