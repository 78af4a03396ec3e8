using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nojor.Feedback.Data;

namespace Nojor.Feedback.Readers;

/// <summary>
/// Finds the reader a token belongs to. A token never changes owner and readers are never deleted, so a known
/// token is remembered in memory and costs no database round trip on the reader's next request. Unknown tokens
/// are not remembered: guessing tokens must not fill the cache.
/// </summary>
public sealed class ReaderDirectory(IServiceScopeFactory scopes) : IDisposable
{
    private const int MaxRemembered = 100_000;
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(30);
    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = MaxRemembered });

    public async ValueTask<Guid?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var hash = ReaderToken.Hash(token);
        var key = Convert.ToBase64String(hash);
        if (_known.TryGetValue(key, out Guid known))
        {
            return known;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var id = await db.Readers.AsNoTracking().Where(r => r.TokenHash == hash).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is { } readerId)
        {
            _known.Set(key, readerId, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = RememberFor });
        }
        return id;
    }

    public void Dispose() => _known.Dispose();
}
