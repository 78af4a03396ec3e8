using MassTransit;
using Nojor.Contracts;
using Nojor.Feedback.Data;
using Nojor.Messaging.Inbox;

namespace Nojor.Feedback.Articles;

/// <summary>Records published reports so feedback can be checked against them without calling the article service.</summary>
public sealed class ArticlePublishedConsumer(FeedbackDbContext db, TimeProvider clock, ILogger<ArticlePublishedConsumer> logger)
    : IdempotentConsumer<ArticlePublished, FeedbackDbContext>(db, clock, logger)
{
    protected override Task HandleAsync(ArticlePublished message, ConsumeContext<ArticlePublished> context, CancellationToken cancellationToken) =>
        ArticleReadModel.ApplyRevisionAsync(Db, message.ArticleId, message.Slug, message.Headline, message.Version, message.PublishedAt,
            cancellationToken);
}
