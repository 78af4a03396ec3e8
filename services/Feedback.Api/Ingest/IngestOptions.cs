using System.ComponentModel.DataAnnotations;

namespace Nojor.Feedback.Ingest;

/// <summary>How beta feedback is group-committed: queued per request, written in batches by a few writers.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Feedback:Ingest";

    /// <summary>Submissions waiting for a writer; when full, new ones wait for room (back-pressure) rather than pile up in memory.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most rows (each with its outbox event) committed in one transaction.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Writers committing concurrently: while one waits on PostgreSQL the next batch fills and another writer takes it.
    /// Batches form from whatever queued meanwhile, so a quiet service still commits each submission at once.
    /// </summary>
    [Range(1, 64)]
    public int Writers { get; set; } = 2;
}
