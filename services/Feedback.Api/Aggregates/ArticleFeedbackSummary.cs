using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Feedback.Reactions;

namespace Nojor.Feedback.Aggregates;

public sealed record ArticleFeedbackSummary(
    Guid ArticleId,
    string Slug,
    int Version,
    bool Retracted,
    double? RatingAverage,
    int RatingCount,
    IReadOnlyDictionary<string, int> Reactions,
    int CommentCount)
{
    /// <summary>Counts straight from the tables, so the result is exact however many writes ran concurrently.</summary>
    public static async Task<ArticleFeedbackSummary> ComputeAsync(FeedbackDbContext db, KnownArticle article, CancellationToken cancellationToken)
    {
        var ratings = await db.Ratings.Where(r => r.ArticleId == article.ArticleId)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Average = g.Average(r => (double)r.Value) })
            .FirstOrDefaultAsync(cancellationToken);
        var reactions = await db.Reactions.Where(r => r.ArticleId == article.ArticleId)
            .GroupBy(r => r.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var comments = await db.Comments.CountAsync(c => c.ArticleId == article.ArticleId && c.Status == CommentStatus.Published, cancellationToken);

        var reactionCounts = Enum.GetValues<ReactionKind>().ToDictionary(EnumNames.Of,
            kind => reactions.FirstOrDefault(r => r.Kind == kind)?.Count ?? 0);
        return new ArticleFeedbackSummary(article.ArticleId, article.Slug, article.Version, article.IsRetracted,
            ratings is null ? null : Math.Round(ratings.Average, 2), ratings?.Count ?? 0, reactionCounts, comments);
    }
}
