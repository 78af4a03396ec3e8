using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Ready-to-write copies of the answers the output cache stored for anonymous reads (article reads and shared web pages),
/// which <see cref="HotCopyAnswers"/> answers beneath hosting. A copy is made only when the output cache stores an answer
/// (<see cref="HotCopyCapture"/>), carries that entry's tags and lifetime, and is evicted with it
/// (<see cref="HotCopyEvictingStore"/>): it never outlives what the output cache would serve.
/// </summary>
public sealed class HotCopies(IOptions<ReadCacheOptions> options, TimeProvider time)
{
    /// <summary>The <see cref="Generation"/> when the request on this flow reached the output cache (see <see cref="MarkRequestStart"/>).</summary>
    private static readonly AsyncLocal<long?> RequestStart = new();

    private readonly ConcurrentDictionary<HotCopyKey, HotCopy> copies = new();
    private long bytes;
    private long generation;

    /// <summary>Changes with every eviction: a copy captured across one may hold what was evicted, and is not kept.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>
    /// Notes, for the request on this flow, the generation before it goes to the origin, so that what the output cache
    /// stores for it can be checked against evictions that ran meanwhile (<see cref="EvictedSinceRequestStart"/>).
    /// </summary>
    public void MarkRequestStart() => RequestStart.Value = Generation;

    /// <summary>
    /// Whether an eviction ran since the request on this flow was marked: its answer may have been read before the change
    /// the eviction was for, and arrived after the eviction, which would otherwise keep it until it expired.
    /// </summary>
    public bool EvictedSinceRequestStart => RequestStart.Value is { } start && start != Generation;

    public int Count => copies.Count;

    public bool Contains(HotCopyKey key) => copies.ContainsKey(key);

    /// <summary>The live copy for <paramref name="key"/>; an expired one is dropped.</summary>
    public HotCopy? Find(HotCopyKey key)
    {
        if (!copies.TryGetValue(key, out var copy))
        {
            return null;
        }
        if (time.GetTimestamp() < copy.ExpiresAt)
        {
            return copy;
        }
        Remove(key, copy);
        return null;
    }

    /// <summary>
    /// Keeps a copy of an answer the output cache has just stored, unless an eviction happened since
    /// <paramref name="generationAtStart"/> or the copies would exceed the cache's size limit.
    /// </summary>
    public bool TryAdd(HotCopyKey key, KeyValuePair<string, StringValues>[] headers, byte[] body, string[] tags, TimeSpan validFor,
        long generationAtStart)
    {
        var now = time.GetTimestamp();
        var copy = new HotCopy(headers, body, tags, now, now + (long)(validFor.TotalSeconds * time.TimestampFrequency), time.TimestampFrequency);
        if (Interlocked.Add(ref bytes, body.Length) > options.Value.SizeLimitBytes)
        {
            Interlocked.Add(ref bytes, -body.Length);
            DropExpired(now);
            return false;
        }
        if (!copies.TryAdd(key, copy))
        {
            Interlocked.Add(ref bytes, -body.Length);
            return false;
        }
        // An eviction that ran while the answer was on its way may have missed this copy: take it back out.
        if (Generation != generationAtStart)
        {
            Remove(key, copy);
            return false;
        }
        return true;
    }

    public void EvictByTag(string tag)
    {
        Interlocked.Increment(ref generation);
        foreach (var (key, copy) in copies)
        {
            if (Array.IndexOf(copy.Tags, tag) >= 0)
            {
                Remove(key, copy);
            }
        }
    }

    private void DropExpired(long now)
    {
        foreach (var (key, copy) in copies)
        {
            if (copy.ExpiresAt <= now)
            {
                Remove(key, copy);
            }
        }
    }

    private void Remove(HotCopyKey key, HotCopy copy)
    {
        if (copies.TryRemove(new KeyValuePair<HotCopyKey, HotCopy>(key, copy)))
        {
            Interlocked.Add(ref bytes, -copy.Body.Length);
        }
    }
}

/// <summary>What an answer was stored under: the output cache's key for these requests (host and path) and the one header it varies by.</summary>
public readonly record struct HotCopyKey(string Host, string Path, string AcceptEncoding);

/// <summary>A stored 200 answer: its headers as they left the gateway (less those made per request), body, tags and lifetime.</summary>
public sealed class HotCopy(KeyValuePair<string, StringValues>[] headers, byte[] body, string[] tags, long storedAt, long expiresAt, long frequency)
{
    private static readonly string[] SmallAges = [.. Enumerable.Range(0, 64).Select(age => age.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public KeyValuePair<string, StringValues>[] Headers { get; } = headers;

    public byte[] Body { get; } = body;

    public string[] Tags { get; } = tags;

    public long ExpiresAt { get; } = expiresAt;

    /// <summary>The <c>Age</c> header a shared cache gives a stored answer: whole seconds since it was stored.</summary>
    public string Age(long now)
    {
        var seconds = Math.Max(0, (now - storedAt) / frequency);
        return seconds < SmallAges.Length ? SmallAges[seconds] : seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
