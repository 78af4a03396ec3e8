using MassTransit;
using Nojor.Contracts;
using Nojor.Feedback.Data;
using Nojor.Messaging.Inbox;

namespace Nojor.Feedback.Articles;

/// <summary>Follows new versions of reports, so feedback records the version the reader saw.</summary>
public sealed class ArticleUpdatedConsumer(FeedbackDbContext db, TimeProvider clock, ILogger<ArticleUpdatedConsumer> logger)
    : IdempotentConsumer<ArticleUpdated, FeedbackDbContext>(db, clock, logger)
{
    protected override Task HandleAsync(ArticleUpdated message, ConsumeContext<ArticleUpdated> context, CancellationToken cancellationToken) =>
        ArticleReadModel.ApplyRevisionAsync(Db, message.ArticleId, message.Slug, message.Headline, message.Version, message.UpdatedAt,
            cancellationToken);
}
