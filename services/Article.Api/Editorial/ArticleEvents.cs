using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Contracts;
using Nojor.Messaging.Outbox;

namespace Nojor.Articles.Editorial;

/// <summary>
/// Stages a report's integration events in the caller's unit of work, so they commit (or not)
/// together with the change they describe. Only called once the report is visible to readers.
/// </summary>
internal sealed class ArticleEvents(ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock)
{
    public void Published(Article article)
    {
        var settings = options.Value;
        var url = settings.UrlFor(article.Slug);
        var places = PlacesOf(article);
        var story = StoryOf(article);
        var at = article.PublishedAt ?? clock.GetUtcNow();
        // Staged first, so the relay hands it to the broker first: subscribers are waiting on it, nobody on the rest.
        if (article.IsBreaking || article.Urgency <= settings.BreakingUrgencyThreshold)
        {
            db.AddIntegrationEvent(new BreakingNewsIssued(article.Id, article.Slug, article.Headline, article.Summary, article.Section,
                article.Tags, places, story, article.Language, article.Urgency, article.Version, url, at), clock);
        }
        db.AddIntegrationEvent(new ArticlePublished(article.Id, article.Slug, article.Headline, article.Summary, article.Section,
            article.Tags, places, story, article.Language, article.Urgency, article.IsBreaking, article.Version, url, at), clock);
    }

    public void Updated(Article article, string? correctionNote) =>
        db.AddIntegrationEvent(new ArticleUpdated(article.Id, article.Slug, article.Headline, article.Summary, article.Section,
            article.Tags, PlacesOf(article), StoryOf(article), article.Language, article.Urgency, article.Version,
            options.Value.UrlFor(article.Slug), correctionNote is not null, correctionNote, article.UpdatedAt), clock);

    public void Retracted(Article article) =>
        db.AddIntegrationEvent(new ArticleRetracted(article.Id, article.Slug, article.Headline, StoryOf(article), article.Version,
            options.Value.UrlFor(article.Slug), article.RetractionReason ?? "", article.RetractedAt ?? clock.GetUtcNow()), clock);

    private static ArticlePlace[] PlacesOf(Article article) =>
        [.. article.Places.Select(p => new ArticlePlace(p.Country, p.Region, p.District))];

    private static StoryReference? StoryOf(Article article) =>
        article.Story is { } story ? new StoryReference(story.Id, story.Slug, story.Title) : null;
}
