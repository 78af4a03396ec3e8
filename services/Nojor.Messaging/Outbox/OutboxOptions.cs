using System.ComponentModel.DataAnnotations;

namespace Nojor.Messaging.Outbox;

public sealed class OutboxOptions
{
    public const string SectionName = "Messaging:Outbox";

    /// <summary>Fallback poll; commits wake the relay at once, this only catches what a wake-up missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a handed-off row is kept from the table's relays (this and other instances) so that it is not
    /// published twice. If this process dies before the publish, the row is relayed from the table once this passes.
    /// Must exceed <see cref="PublishTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HandOffReservation { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Rows waiting in memory for the relay at most; beyond it, commits leave rows to the table's relay.</summary>
    [Range(1, 1_000_000)]
    public int HandOffCapacity { get; set; } = 10_000;

    /// <summary>
    /// How often the outbox gauges (<c>nojor.outbox.backlog</c>, <c>nojor.outbox.oldest_age</c>) query the table, at most
    /// and only while an exporter reads them; between queries they report the last count.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MetricsReadInterval { get; set; } = TimeSpan.FromSeconds(5);
}
