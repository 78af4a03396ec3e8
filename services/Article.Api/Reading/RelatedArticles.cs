using Microsoft.EntityFrameworkCore;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;

namespace Nojor.Articles.Reading;

/// <summary>Reports related to one: the same story first, then shared places, then shared tags.</summary>
internal static class RelatedArticles
{
    public static async Task<List<Article>> FindAsync(ArticleDbContext db, Article article, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var placeNames = article.Places.SelectMany(p => p.Names()).ToList();
        var tags = article.Tags;
        var candidates = await db.Articles.AsNoTracking().Include(a => a.Story).Visible(now)
            .Where(a => a.Id != article.Id)
            .Where(a => (article.StoryId != null && a.StoryId == article.StoryId)
                || a.Places.Any(p => placeNames.Contains(p.Country) || placeNames.Contains(p.Region!) || placeNames.Contains(p.District!))
                || a.Tags.Any(t => tags.Contains(t)))
            .OrderByDescending(a => a.PublishedAt)
            .Take(limit * 4)
            .ToListAsync(cancellationToken);
        return [.. candidates
            .OrderByDescending(a => Score(article, a))
            .ThenByDescending(a => a.PublishedAt)
            .Take(limit)];
    }

    private static int Score(Article source, Article candidate)
    {
        var score = source.StoryId is not null && candidate.StoryId == source.StoryId ? 10 : 0;
        var sourcePlaces = source.Places.SelectMany(p => p.Names()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        score += 3 * candidate.Places.SelectMany(p => p.Names()).Count(sourcePlaces.Contains);
        score += candidate.Tags.Intersect(source.Tags).Count();
        return score;
    }
}
