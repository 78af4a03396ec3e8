using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Nojor.Feedback.Http;

namespace Nojor.Feedback.Readers;

/// <summary>
/// The reader a request comes from. Bound as a handler parameter; null when the request carries no known, unexpired
/// token, and handlers that need a reader answer that with 401 (saying so when the token has expired).
/// </summary>
public sealed record ReaderIdentity(Guid Id, string Token)
{
    /// <summary>Marks a request whose token is known but expired, so its 401 can say so.</summary>
    private const string ExpiredItem = "nojor.reader-token-expired";

    public static async ValueTask<ReaderIdentity?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var token = ReaderToken.From(context.Request);
        if (token is null)
        {
            return null;
        }
        var services = context.RequestServices;
        if (await services.GetRequiredService<ReaderDirectory>().FindAsync(token, context.RequestAborted) is not { } reader)
        {
            return null;
        }
        if (reader.ExpiresAt <= services.GetRequiredService<TimeProvider>().GetUtcNow())
        {
            context.Items[ExpiredItem] = true;
            return null;
        }
        return new ReaderIdentity(reader.Id, token);
    }

    /// <summary>
    /// Endpoint filter: a 401 for a request whose token has expired says that it expired, and how to get a new one, so a
    /// client can tell "renew or start over" from "never had a valid token".
    /// </summary>
    public static async ValueTask<object?> ExplainExpiredTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized } && context.HttpContext.Items.ContainsKey(ExpiredItem)
            ? ReaderProblems.TokenExpired()
            : result;
    }
}
