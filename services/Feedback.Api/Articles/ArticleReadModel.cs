using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Data;
using Nojor.Hosting;

namespace Nojor.Feedback.Articles;

/// <summary>
/// Applies article events to <see cref="KnownArticle"/> rows. Only a newer version changes what readers see;
/// a retraction wins over any publication or update, whatever order they arrive in.
/// </summary>
internal static class ArticleReadModel
{
    public static async Task ApplyRevisionAsync(FeedbackDbContext db, Guid articleId, string slug, string headline, int version,
        DateTimeOffset publishedAt, CancellationToken cancellationToken)
    {
        var known = await db.KnownArticles.FirstOrDefaultAsync(a => a.ArticleId == articleId, cancellationToken);
        if (known is null)
        {
            db.KnownArticles.Add(new KnownArticle { ArticleId = articleId, Slug = slug, Headline = headline, Version = version, PublishedAt = publishedAt });
            return;
        }
        if (version > known.Version)
        {
            known.Slug = slug;
            known.Headline = headline;
            known.Version = version;
        }
        // An update that overtook the first publication left its own time here; the publication time is the earlier one.
        if (publishedAt < known.PublishedAt)
        {
            known.PublishedAt = publishedAt;
        }
    }

    public static async Task ApplyRetractionAsync(FeedbackDbContext db, Guid articleId, string slug, string headline, int version,
        string reason, DateTimeOffset retractedAt, CancellationToken cancellationToken)
    {
        var known = await db.KnownArticles.FirstOrDefaultAsync(a => a.ArticleId == articleId, cancellationToken);
        if (known is null)
        {
            // The retraction overtook the publication: remember the article as retracted so the late publication cannot revive it.
            db.KnownArticles.Add(new KnownArticle
            {
                ArticleId = articleId,
                Slug = slug,
                Headline = headline,
                Version = version,
                PublishedAt = retractedAt,
                RetractedAt = retractedAt,
                RetractionReason = reason,
            });
            return;
        }
        known.Version = Math.Max(known.Version, version);
        known.RetractedAt ??= retractedAt;
        known.RetractionReason ??= reason;
    }

    /// <summary>Finds the article feedback is about, or says why feedback cannot be given on it (404 unknown, 409 retracted).</summary>
    public static async Task<ArticleLookup> FindOpenAsync(FeedbackDbContext db, Guid articleId, CancellationToken cancellationToken)
    {
        var known = await db.KnownArticles.AsNoTracking().FirstOrDefaultAsync(a => a.ArticleId == articleId, cancellationToken);
        return known switch
        {
            null => new ArticleLookup(null, Problems.NotFound($"No published report has the id {articleId}.")),
            { IsRetracted: true } => new ArticleLookup(null,
                Problems.Conflict($"The report {articleId} was retracted and takes no more feedback.")),
            _ => new ArticleLookup(known, null),
        };
    }
}

/// <summary>Either the open article or the problem explaining why feedback on it is refused.</summary>
internal sealed record ArticleLookup(KnownArticle? Article, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem);
