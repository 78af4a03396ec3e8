using MassTransit;
using Microsoft.AspNetCore.OutputCaching;
using Nojor.Contracts;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Drops the cached copy of a report when it changes, and every cached page of the web app with it (the report shows on
/// the front, section, tag, place and story pages too). Eviction is idempotent, so a redelivered event needs no inbox.
/// Publication evicts too: a report can come back under its slug after a retraction, and a new one changes the lists.
/// </summary>
public sealed class ArticleCacheEvictionConsumer(IOutputCacheStore store) :
    IConsumer<ArticlePublished>, IConsumer<ArticleUpdated>, IConsumer<ArticleRetracted>
{
    public Task Consume(ConsumeContext<ArticlePublished> context) => EvictAsync(context.Message.Slug, context.CancellationToken);

    public Task Consume(ConsumeContext<ArticleUpdated> context) => EvictAsync(context.Message.Slug, context.CancellationToken);

    public Task Consume(ConsumeContext<ArticleRetracted> context) => EvictAsync(context.Message.Slug, context.CancellationToken);

    private async Task EvictAsync(string slug, CancellationToken cancellationToken)
    {
        await store.EvictByTagAsync(ArticleCacheTags.ForSlug(slug), cancellationToken);
        await store.EvictByTagAsync(ArticleCacheTags.Pages, cancellationToken);
    }
}
