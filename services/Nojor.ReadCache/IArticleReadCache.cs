namespace Nojor.ReadCache;

/// <summary>A cache of anonymous article reads in one process, told by <see cref="ArticleEvictionConsumer"/> what to drop.</summary>
public interface IArticleReadCache
{
    /// <summary>Drops what shows one report: its own entry and everything listing reports.</summary>
    Task EvictAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Drops every entry: events may have been missed.</summary>
    Task EvictAllAsync(CancellationToken cancellationToken);
}
