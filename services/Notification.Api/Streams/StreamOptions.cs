using System.ComponentModel.DataAnnotations;

namespace Nojor.Notifications.Streams;

public sealed class StreamOptions
{
    public const string SectionName = "Streams";

    /// <summary>A comment line sent this often keeps proxies and clients from timing an idle stream out.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// While the Redis backplane is down, how often each instance reads new alerts from the log in PostgreSQL for its own
    /// stream clients: alerts arrive this much later, but they arrive.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan BackplaneFallbackInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many missed alerts are replayed on a Last-Event-ID resume.</summary>
    [Range(1, 100_000)]
    public int ResumeLimit { get; set; } = 1000;

    /// <summary>
    /// Streams one client address may hold open on an instance at once; 429 beyond. Generous, since readers behind one
    /// NAT share an address; a benchmark or a known large NAT raises it.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPerClient { get; set; } = 50;
}
