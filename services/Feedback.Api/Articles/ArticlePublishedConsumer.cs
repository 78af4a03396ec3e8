using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nojor.Contracts;
using Nojor.Feedback.Data;
using Nojor.Messaging.Inbox;

namespace Nojor.Feedback.Articles;

/// <summary>Records published reports so feedback can be checked against them without calling the article service.</summary>
public sealed class ArticlePublishedConsumer(FeedbackDbContext db, TimeProvider clock, ILogger<ArticlePublishedConsumer> logger)
    : IdempotentConsumer<ArticlePublished, FeedbackDbContext>(db, clock, logger)
{
    protected override async Task HandleAsync(ArticlePublished message, ConsumeContext<ArticlePublished> context,
        CancellationToken cancellationToken)
    {
        var known = await Db.KnownArticles.FirstOrDefaultAsync(a => a.ArticleId == message.ArticleId, cancellationToken);
        if (known is null)
        {
            Db.KnownArticles.Add(new KnownArticle
            {
                ArticleId = message.ArticleId,
                Slug = message.Slug,
                Headline = message.Headline,
                Version = message.Version,
                PublishedAt = message.PublishedAt,
            });
        }
        else if (message.Version >= known.Version)
        {
            known.Headline = message.Headline;
            known.Version = message.Version;
            known.PublishedAt = message.PublishedAt;
        }
    }
}
