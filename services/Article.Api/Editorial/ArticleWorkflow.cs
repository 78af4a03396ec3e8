using Microsoft.EntityFrameworkCore;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Articles.Stories;

namespace Nojor.Articles.Editorial;

/// <summary>
/// Carries out editors' changes: the <see cref="Article"/> decides whether a change is allowed (and throws
/// <see cref="ArticleRuleException"/> before changing anything when it is not); this stores a revision of every change
/// and stages events only for what readers can see. Callers validate input first and save afterwards, so a refused
/// request changes nothing.
/// </summary>
internal sealed class ArticleWorkflow(ArticleDbContext db, ArticleEvents events, MarkdownRenderer renderer, TimeProvider clock)
{
    /// <summary>Files a report: a draft, scheduled for <paramref name="publishAt"/>, or published at once.</summary>
    public async Task<Article> CreateAsync(string slug, ArticleContent content, bool draft, DateTimeOffset? publishAt,
        CancellationToken cancellationToken)
    {
        var story = await StoryOfAsync(content, cancellationToken);
        var now = clock.GetUtcNow();
        var article = Article.File(Guid.CreateVersion7(now), slug, content, renderer.Render(content.Body), story, draft, publishAt, now);
        db.Articles.Add(article);
        Record(article, RevisionChange.Created, null);
        if (article.Status == ArticleStatus.Published)
        {
            events.Published(article);
        }
        return article;
    }

    public async Task UpdateAsync(Article article, ArticleContent content, CancellationToken cancellationToken)
    {
        var story = await StoryOfAsync(content, cancellationToken);
        article.Revise(content, renderer.Render(content.Body), story, clock.GetUtcNow());
        Record(article, RevisionChange.Updated, null);
        if (article.Status == ArticleStatus.Published)
        {
            events.Updated(article, correctionNote: null);
        }
    }

    public void Correct(Article article, ArticleCorrection correction)
    {
        article.Correct(correction, correction.Body is null ? null : renderer.Render(correction.Body), clock.GetUtcNow());
        Record(article, RevisionChange.Corrected, correction.Note);
        events.Updated(article, correction.Note);
    }

    /// <summary>Publishes now, or schedules for the end of the embargo when one is still running.</summary>
    public void Publish(Article article)
    {
        article.Publish(clock.GetUtcNow());
        if (article.Status == ArticleStatus.Published)
        {
            Record(article, RevisionChange.Published, null);
            events.Published(article);
        }
        else
        {
            Record(article, RevisionChange.Scheduled, null);
        }
    }

    public void Schedule(Article article, DateTimeOffset publishAt)
    {
        article.Schedule(publishAt, clock.GetUtcNow());
        Record(article, RevisionChange.Scheduled, null);
    }

    public void Retract(Article article, string reason)
    {
        article.Retract(reason, clock.GetUtcNow());
        Record(article, RevisionChange.Retracted, article.RetractionReason);
        events.Retracted(article);
    }

    private async Task<Story?> StoryOfAsync(ArticleContent content, CancellationToken cancellationToken)
    {
        if (content.Story is not { } title)
        {
            return null;
        }
        var slug = SlugGenerator.FromHeadline(title);
        var story = db.Stories.Local.FirstOrDefault(s => s.Slug == slug)
            ?? await db.Stories.FirstOrDefaultAsync(s => s.Slug == slug, cancellationToken);
        if (story is null)
        {
            var now = clock.GetUtcNow();
            story = new Story { Id = Guid.CreateVersion7(now), Slug = slug, Title = title, CreatedAt = now };
            db.Stories.Add(story);
        }
        return story;
    }

    // A revision is stamped with the moment of the change it records.
    private void Record(Article article, string change, string? note) =>
        db.Revisions.Add(ArticleRevision.Of(article, change, note, article.UpdatedAt));
}
