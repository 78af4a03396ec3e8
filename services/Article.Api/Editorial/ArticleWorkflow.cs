using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Articles.Stories;

namespace Nojor.Articles.Editorial;

/// <summary>
/// The editorial state machine: draft → scheduled → published → (updated, corrected) → retracted.
/// Every change bumps the version and stores a revision; events are staged only for what readers can see.
/// Callers validate input first and save afterwards, so a refused request changes nothing.
/// </summary>
internal sealed class ArticleWorkflow(
    ArticleDbContext db, ArticleEvents events, MarkdownRenderer renderer, IOptions<ArticleOptions> options, TimeProvider clock)
{
    public async Task<Article> CreateAsync(CreateArticleRequest request, string slug, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var article = new Article
        {
            Id = Guid.CreateVersion7(now),
            Slug = slug,
            Headline = "",
            Section = options.Value.DefaultSection,
            CreatedAt = now,
            UpdatedAt = now,
            Status = ArticleStatus.Draft,
        };
        await ApplyContentAsync(article, request, cancellationToken);
        db.Articles.Add(article);
        Record(article, RevisionChange.Created, null, now);
        return article;
    }

    public async Task UpdateAsync(Article article, UpdateArticleRequest request, CancellationToken cancellationToken)
    {
        await ApplyContentAsync(article, request, cancellationToken);
        var now = NextVersion(article);
        Record(article, RevisionChange.Updated, null, now);
        if (article.Status == ArticleStatus.Published)
        {
            events.Updated(article, correctionNote: null);
        }
    }

    public void Correct(Article article, CorrectArticleRequest request)
    {
        if (request.Headline is not null)
        {
            article.Headline = request.Headline.Trim();
        }
        if (request.Summary is not null)
        {
            article.Summary = request.Summary.Trim();
        }
        if (request.Body is not null)
        {
            SetBody(article, request.Body);
        }
        var now = NextVersion(article);
        var note = request.Note!.Trim();
        article.Corrections.Add(new Correction { At = now, Note = note });
        Record(article, RevisionChange.Corrected, note, now);
        events.Updated(article, note);
    }

    /// <summary>Publishes now, or schedules for the end of the embargo when one is still running.</summary>
    public void Publish(Article article)
    {
        var now = clock.GetUtcNow();
        if (article.EmbargoUntil > now)
        {
            Schedule(article, article.EmbargoUntil.Value);
            return;
        }
        article.Status = ArticleStatus.Published;
        article.PublishAt = null;
        article.PublishedAt ??= now;
        if (db.Entry(article).State != EntityState.Added)
        {
            now = NextVersion(article);
            Record(article, RevisionChange.Published, null, now);
        }
        events.Published(article);
    }

    public void Schedule(Article article, DateTimeOffset publishAt)
    {
        article.Status = ArticleStatus.Scheduled;
        // An embargo holds a scheduled report back too.
        article.PublishAt = article.EmbargoUntil > publishAt ? article.EmbargoUntil : publishAt;
        if (db.Entry(article).State != EntityState.Added)
        {
            var now = NextVersion(article);
            Record(article, RevisionChange.Scheduled, null, now);
        }
    }

    public void Retract(Article article, string reason)
    {
        var now = NextVersion(article);
        article.Status = ArticleStatus.Retracted;
        article.RetractedAt = now;
        article.RetractionReason = reason.Trim();
        Record(article, RevisionChange.Retracted, article.RetractionReason, now);
        events.Retracted(article);
    }

    private async Task ApplyContentAsync(Article article, IArticleContent content, CancellationToken cancellationToken)
    {
        article.Headline = content.Headline!.Trim();
        article.Summary = NullIfBlank(content.Summary);
        SetBody(article, content.Body ?? "");
        article.Section = string.IsNullOrWhiteSpace(content.Section) ? options.Value.DefaultSection : content.Section.Trim().ToLowerInvariant();
        article.Tags = [.. (content.Tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct()];
        article.SetPlaces((content.Places ?? []).Select(p => new Place
        {
            Country = p.Country!.Trim(),
            Region = NullIfBlank(p.Region),
            District = NullIfBlank(p.District),
        }));
        article.Dateline = NullIfBlank(content.Dateline);
        article.Byline = NullIfBlank(content.Byline);
        article.Language = LanguageTags.TryNormalize(content.Language, out var language) ? language : "en";
        article.Urgency = content.Urgency ?? Article.DefaultUrgency;
        article.IsBreaking = content.Breaking ?? false;
        article.EmbargoUntil = content.EmbargoUntil;
        article.Story = string.IsNullOrWhiteSpace(content.Story) ? null : await FindOrStartStoryAsync(content.Story.Trim(), cancellationToken);
        article.StoryId = article.Story?.Id;
    }

    private void SetBody(Article article, string markdown)
    {
        article.Body = markdown;
        article.BodyHtml = renderer.ToHtml(markdown);
        article.BodyText = renderer.ToPlainText(markdown);
    }

    private async Task<Story> FindOrStartStoryAsync(string title, CancellationToken cancellationToken)
    {
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

    private DateTimeOffset NextVersion(Article article)
    {
        var now = clock.GetUtcNow();
        article.Version++;
        article.UpdatedAt = now;
        return now;
    }

    private void Record(Article article, string change, string? note, DateTimeOffset now) =>
        db.Revisions.Add(ArticleRevision.Of(article, change, note, now));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
