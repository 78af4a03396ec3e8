using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Data;

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
        var db = context.RequestServices.GetRequiredService<FeedbackDbContext>();
        var hash = ReaderToken.Hash(token);
        var id = await db.Readers.AsNoTracking().Where(r => r.TokenHash == hash).Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(context.RequestAborted);
        return id is { } readerId ? new ReaderIdentity(readerId) : null;
    }
}
