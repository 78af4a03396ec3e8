using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Nojor.Notifications.Streams;

/// <summary>
/// Counts the open alert streams of each client address on this instance and refuses one beyond
/// <see cref="StreamOptions.MaxPerClient"/>: a stream holds a connection and a channel for as long as the client likes, so
/// one address must not be able to hold thousands. The address is the reader's, as the gateway forwarded it
/// (<see cref="TrustedProxies"/>).
/// </summary>
public sealed class StreamConnections(IOptions<StreamOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Takes a place for <paramref name="client"/>; null when it already holds as many streams as it may.</summary>
    public IDisposable? TryOpen(string client)
    {
        var limit = options.Value.MaxPerClient;
        while (true)
        {
            var current = _open.GetOrAdd(client, 0);
            if (current >= limit)
            {
                return null;
            }
            if (_open.TryUpdate(client, current + 1, current))
            {
                return new Place(this, client);
            }
        }
    }

    /// <summary>Streams <paramref name="client"/> holds open now.</summary>
    public int OpenBy(string client) => _open.GetValueOrDefault(client);

    private void Close(string client)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(client);
            if (current <= 1)
            {
                // The last one: the entry goes, so addresses that came and went do not accumulate.
                if (_open.TryRemove(new KeyValuePair<string, int>(client, current)))
                {
                    return;
                }
            }
            else if (_open.TryUpdate(client, current - 1, current))
            {
                return;
            }
        }
    }

    private sealed class Place(StreamConnections owner, string client) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                owner.Close(client);
            }
        }
    }
}
