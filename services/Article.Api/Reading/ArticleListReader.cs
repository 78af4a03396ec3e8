using Microsoft.EntityFrameworkCore;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;

namespace Nojor.Articles.Reading;

/// <summary>Reads one page of the filtered report list with keyset paging.</summary>
internal static class ArticleListReader
{
    public static async Task<ArticleListResponse> ReadAsync(
        ArticleDbContext db, ArticleListQuery query, ArticleCursor? cursor, DateTimeOffset now, ArticleOptions options, CancellationToken cancellationToken)
    {
        var articles = db.Articles.AsNoTracking().Include(a => a.Story).Visible(now);
        if (!string.IsNullOrWhiteSpace(query.Section))
        {
            var section = query.Section.Trim().ToLowerInvariant();
            articles = articles.Where(a => a.Section == section);
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim().ToLowerInvariant();
            articles = articles.Where(a => a.Tags.Contains(tag));
        }
        if (!string.IsNullOrWhiteSpace(query.Place))
        {
            var place = PlaceNames.Normalize(query.Place);
            // Exact names case-insensitively, or the folded names so an accent-free spelling finds the report.
            articles = articles.Where(a => a.Places.Any(p =>
                EF.Functions.ILike(p.Country, query.Place.Trim()) || EF.Functions.ILike(p.Region!, query.Place.Trim())
                || EF.Functions.ILike(p.District!, query.Place.Trim())) || a.PlaceText.Contains(place));
        }
        if (!string.IsNullOrWhiteSpace(query.Story))
        {
            articles = articles.Where(a => a.Story != null && a.Story.Slug == query.Story);
        }
        if (query.Breaking is { } breaking)
        {
            articles = articles.Where(a => a.IsBreaking == breaking);
        }
        if (query.Urgency is { } urgency)
        {
            articles = articles.Where(a => a.Urgency <= urgency);
        }
        if (query.Since is { } since)
        {
            articles = articles.Where(a => a.PublishedAt >= since);
        }
        if (query.Until is { } until)
        {
            articles = articles.Where(a => a.PublishedAt < until);
        }
        if (!string.IsNullOrWhiteSpace(query.Language))
        {
            var language = query.Language.Trim();
            articles = articles.Where(a => EF.Functions.ILike(a.Language, language) || EF.Functions.ILike(a.Language, language + "-%"));
        }
        if (cursor is { } after)
        {
            articles = articles.Where(a => a.PublishedAt < after.PublishedAt || (a.PublishedAt == after.PublishedAt && a.Id.CompareTo(after.Id) < 0));
        }

        var limit = query.Limit ?? ArticleListQuery.DefaultLimit;
        var page = await articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? new ArticleCursor(page[limit - 1].PublishedAt!.Value, page[limit - 1].Id).Encode() : null;
        return new ArticleListResponse([.. page.Take(limit).Select(a => ArticleSummaryResponse.From(a, options))], next);
    }
}
