using System.ComponentModel.DataAnnotations;

namespace Nojor.Hosting;

/// <summary>
/// How Kestrel's socket transport schedules work (section <c>Kestrel:Transport</c>), so a deployment can tune it for
/// its machine without a code change. The defaults are Kestrel's own: on the 2-core benchmark machine inline
/// scheduling saved about a tenth of the CPU per cached read but made the 99th-percentile latency several times
/// worse (bench/results/article-read.md).
/// </summary>
public sealed class KestrelTransportOptions
{
    public const string SectionName = "Kestrel:Transport";

    /// <summary>
    /// Run request handling on the thread that completed the socket read instead of queueing it to the thread pool
    /// (Kestrel's <c>UnsafePreferInlineScheduling</c>): fewer thread hops, but a request that blocks its thread stalls
    /// the connections waiting behind it. Only for services whose request paths never block.
    /// </summary>
    public bool PreferInlineScheduling { get; set; }

    /// <summary>Queues Kestrel schedules socket reads and writes on; 0 keeps Kestrel's default (one per core, at most 16).</summary>
    [Range(0, 64)]
    public int IOQueueCount { get; set; }
}
