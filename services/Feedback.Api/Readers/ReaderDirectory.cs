using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nojor.Feedback.Data;

namespace Nojor.Feedback.Readers;

/// <summary>A reader a token belongs to, and until when that token is accepted.</summary>
public readonly record struct KnownReader(Guid Id, DateTimeOffset ExpiresAt);

/// <summary>
/// Finds the reader a token belongs to. A known token is remembered in memory for a few minutes, so a reader's next
/// requests cost no database round trip; only that long, because renewal retires a token (on every instance: the others
/// notice when their entry lapses). Unknown tokens are not remembered: guessing tokens must not fill the cache.
/// </summary>
public sealed class ReaderDirectory(IServiceScopeFactory scopes) : IDisposable
{
    private const int MaxRemembered = 100_000;

    /// <summary>How long a token retired by renewal may still be accepted by an instance that had it in memory.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = MaxRemembered });

    public async ValueTask<KnownReader?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var key = Key(token);
        if (_known.TryGetValue(key, out KnownReader known))
        {
            return known;
        }
        var hash = ReaderToken.Hash(token);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var found = await db.Readers.AsNoTracking().Where(r => r.TokenHash == hash)
            .Select(r => new KnownReader(r.Id, r.ExpiresAt)).ToListAsync(cancellationToken);
        if (found is [var reader])
        {
            _known.Set(key, reader, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = RememberFor });
            return reader;
        }
        return null;
    }

    /// <summary>Drops a token this instance remembers (it was just renewed away).</summary>
    public void Forget(string token) => _known.Remove(Key(token));

    private static string Key(string token) => Convert.ToBase64String(ReaderToken.Hash(token));

    public void Dispose() => _known.Dispose();
}
