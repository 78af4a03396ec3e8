using System.Reflection;

namespace Nojor.Feedback.Readers;

/// <summary>
/// The reader a request comes from. Bound as a handler parameter; null when the request carries no known
/// token, and handlers that need a reader answer that with 401.
/// </summary>
public sealed record ReaderIdentity(Guid Id)
{
    public static async ValueTask<ReaderIdentity?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var token = ReaderToken.From(context.Request);
        if (token is null)
        {
            return null;
        }
        var id = await context.RequestServices.GetRequiredService<ReaderDirectory>().FindAsync(token, context.RequestAborted);
        return id is { } readerId ? new ReaderIdentity(readerId) : null;
    }
}
