using Microsoft.Extensions.Options;
using Nojor.Articles.Data;
using Nojor.Contracts;
using Nojor.Messaging.Outbox;

namespace Nojor.Articles.Articles;

/// <summary>Publishes a report and stages its integration events in the same unit of work.</summary>
internal sealed class ArticlePublisher(ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock)
{
    private const string DefaultLanguage = "en";

    public void Publish(Article article)
    {
        var now = clock.GetUtcNow();
        article.Status = ArticleStatus.Published;
        article.PublishedAt = now;
        article.UpdatedAt = now;

        var settings = options.Value;
        var url = settings.UrlFor(article.Slug);
        db.AddIntegrationEvent(new ArticlePublished(article.Id, article.Slug, article.Headline, article.Summary, article.Section,
            article.Tags, [], null, DefaultLanguage, article.Urgency, article.IsBreaking, article.Version, url, now), clock);

        if (article.IsBreaking || article.Urgency <= settings.BreakingUrgencyThreshold)
        {
            db.AddIntegrationEvent(new BreakingNewsIssued(article.Id, article.Slug, article.Headline, article.Summary, article.Section,
                article.Tags, [], null, DefaultLanguage, article.Urgency, article.Version, url, now), clock);
        }
    }
}
