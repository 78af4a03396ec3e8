using MassTransit;
using Nojor.Contracts;
using Nojor.Feedback.Data;
using Nojor.Messaging.Inbox;

namespace Nojor.Feedback.Articles;

/// <summary>Closes a withdrawn report to new feedback; what was already given is kept for the editors.</summary>
public sealed class ArticleRetractedConsumer(FeedbackDbContext db, TimeProvider clock, ILogger<ArticleRetractedConsumer> logger)
    : IdempotentConsumer<ArticleRetracted, FeedbackDbContext>(db, clock, logger)
{
    protected override Task HandleAsync(ArticleRetracted message, ConsumeContext<ArticleRetracted> context, CancellationToken cancellationToken) =>
        ArticleReadModel.ApplyRetractionAsync(Db, message.ArticleId, message.Slug, message.Headline, message.Version, message.Reason,
            message.RetractedAt, cancellationToken);
}
