using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;

namespace Nojor.Articles.Search;

public sealed record SearchHitResponse(Guid Id, string Slug, string Headline, string? Summary, string Section, DateTimeOffset? PublishedAt, double Rank, string Snippet, string Url);

public sealed record SearchResponse(string Query, IReadOnlyList<SearchHitResponse> Items);

/// <summary>
/// Full-text search over published reports in PostgreSQL: prefix matching through a case- and
/// accent-folding configuration, ranked by ts_rank, with highlighted snippets; place names also
/// match by trigram similarity so two transliterations of one district find each other's reports.
/// </summary>
public static class SearchEndpoints
{
    /// <summary>How alike (pg_trgm word_similarity) a term and a place name must be to count as a spelling of it.</summary>
    public const double PlaceSimilarity = 0.45;
    private const string MarkStart = "\u27e6";
    private const string MarkEnd = "\u27e7";

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ArticleRoutes.Search, Search).WithTags("Search").WithName("SearchArticles")
            .WithSummary("Search published reports")
            .WithDescription("Every word must match (as a prefix, ignoring case and accents) or be a close spelling of a place the report is about. Snippets are HTML with <mark> around matches.")
            .ProducesValidationProblem();
        return routes;
    }

    internal sealed record Hit(Guid Id, string Slug, string Headline, string? Summary, string Section, DateTimeOffset? PublishedAt, double Rank, string Snippet);

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(
        string? q, int? limit, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var terms = q is { Length: <= SearchQuery.MaxLength } ? SearchQuery.Terms(q) : [];
        if (terms.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["q"] = [$"Give at least one word to search for, in at most {SearchQuery.MaxLength} characters."],
            });
        }
        if (limit is < 1 or > 50)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit runs from 1 to 50."] });
        }
        var all = SearchQuery.AllPrefixes(terms);
        var any = SearchQuery.AnyPrefix(terms);
        var folded = terms.Select(PlaceNames.Normalize).ToArray();
        var now = clock.GetUtcNow();
        var take = limit ?? 20;
        var headlineOptions = $"StartSel={MarkStart}, StopSel={MarkEnd}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

        // A term counts when the document has it as a prefix, or when a place name is a close spelling of it.
        var hits = await db.Database.SqlQuery<Hit>($"""
            SELECT a."Id", a."Slug", a."Headline", a."Summary", a."Section", a."PublishedAt",
                   (ts_rank_cd(a."SearchVector", to_tsquery('nojor', {any}))
                     + coalesce((SELECT max(word_similarity(t, a."PlaceText")) FROM unnest({folded}) AS t), 0))::double precision AS "Rank",
                   ts_headline('nojor', coalesce(a."Summary", '') || ' ' || a."BodyText", to_tsquery('nojor', {any}), {headlineOptions}) AS "Snippet"
            FROM articles a
            WHERE a."Status" = 'Published' AND (a."EmbargoUntil" IS NULL OR a."EmbargoUntil" <= {now})
              AND (a."SearchVector" @@ to_tsquery('nojor', {all})
                   OR NOT EXISTS (
                       SELECT 1 FROM unnest({folded}) AS t
                       WHERE NOT (a."SearchVector" @@ to_tsquery('nojor', t || ':*')
                                  OR word_similarity(t, a."PlaceText") >= {PlaceSimilarity})))
            ORDER BY "Rank" DESC, a."PublishedAt" DESC
            LIMIT {take}
            """).ToListAsync(cancellationToken);

        return TypedResults.Ok(new SearchResponse(q!, [.. hits.Select(h => new SearchHitResponse(
            h.Id, h.Slug, h.Headline, h.Summary, h.Section, h.PublishedAt, h.Rank, Highlight(h.Snippet), options.Value.UrlFor(h.Slug)))]));
    }

    /// <summary>Snippets come from plain text; encode it, then turn our private markers into mark elements.</summary>
    private static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(MarkStart, "<mark>", StringComparison.Ordinal).Replace(MarkEnd, "</mark>", StringComparison.Ordinal);
}
