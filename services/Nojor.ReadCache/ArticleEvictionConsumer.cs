using MassTransit;
using Nojor.Contracts;

namespace Nojor.ReadCache;

/// <summary>
/// Drops the cached copies of a report when it changes. Publication evicts too: a report can come back under its slug
/// after a retraction, and a new one changes the lists. Eviction is idempotent, so a redelivered event needs no inbox.
/// </summary>
public sealed class ArticleEvictionConsumer(IArticleReadCache cache) :
    IConsumer<ArticlePublished>, IConsumer<ArticleUpdated>, IConsumer<ArticleRetracted>
{
    public Task Consume(ConsumeContext<ArticlePublished> context) => cache.EvictAsync(context.Message.Slug, context.CancellationToken);

    public Task Consume(ConsumeContext<ArticleUpdated> context) => cache.EvictAsync(context.Message.Slug, context.CancellationToken);

    public Task Consume(ConsumeContext<ArticleRetracted> context) => cache.EvictAsync(context.Message.Slug, context.CancellationToken);
}
