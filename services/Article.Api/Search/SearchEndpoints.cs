using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Hosting;

namespace Nojor.Articles.Search;

/// <param name="Variant">Found through another spelling of a term (see <see cref="SpellingVariants"/>), not as typed.</param>
public sealed record SearchHitResponse(Guid Id, string Slug, string Headline, string? Summary, string Section, DateTimeOffset? PublishedAt,
    double Rank, bool Variant, string Snippet, string Url);

/// <param name="NextOffset">The <c>offset</c> of the next page, or null on the last page.</param>
public sealed record SearchResponse(string Query, IReadOnlyList<SearchHitResponse> Items, int? NextOffset);

/// <summary>
/// Full-text search over published reports in PostgreSQL: prefix matching through a case- and
/// accent-folding configuration, ranked by ts_rank, with highlighted snippets. Other spellings count too:
/// place names match by trigram similarity, and every word of a report by its transliteration key
/// (<see cref="SpellingVariants"/>). Reports that match every term as typed always come first.
/// </summary>
public static class SearchEndpoints
{
    /// <summary>How alike (pg_trgm word_similarity) a term and a place name must be to count as a spelling of it.</summary>
    public const double PlaceSimilarity = 0.45;
    public const int MaxLimit = 50;
    public const int MaxOffset = 1000;
    private const string MarkStart = "\u27e6";
    private const string MarkEnd = "\u27e7";

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ArticleRoutes.Search, Search).WithTags("Search").WithName("SearchArticles")
            .WithSummary("Search published reports")
            .WithDescription("Every word must match (as a prefix, ignoring case and accents), or be another spelling of a word in the report "
                + "(kh/h, -am/-um and the like) or of a place it is about. Reports matching every word as typed come first; the others are "
                + "marked variant. Snippets are HTML with <mark> around matches. Pages: limit (1-50) and offset (0-1000); nextOffset continues.")
            .ProducesValidationProblem();
        return routes;
    }

    internal sealed record Hit(Guid Id, string Slug, string Headline, string? Summary, string Section, DateTimeOffset? PublishedAt, double Rank,
        bool Exact, string Snippet);

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(
        string? q, int? limit, int? offset, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var terms = q is { Length: <= SearchQuery.MaxLength } ? SearchQuery.Terms(q) : [];
        if (terms.Count == 0)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["q"] = [$"Give at least one word to search for, in at most {SearchQuery.MaxLength} characters."],
            });
        }
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Validation("limit", $"limit runs from 1 to {MaxLimit}.");
        }
        if (offset is < 0 or > MaxOffset)
        {
            return Problems.Validation("offset", $"offset runs from 0 to {MaxOffset}.");
        }
        var all = SearchQuery.AllPrefixes(terms);
        var any = SearchQuery.AnyPrefix(terms);
        var folded = terms.Select(PlaceNames.Normalize).ToArray();
        var now = clock.GetUtcNow();
        var take = limit ?? 20;
        var skip = offset ?? 0;
        var headlineOptions = $"StartSel={MarkStart}, StopSel={MarkEnd}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

        // A report is found when it matches every term as typed ("Exact"), or when each term matches as a prefix, as a
        // close spelling of a place name, or through a word of the report that has the term's spelling key and looks
        // like it (SpellingVariants). The variant words found are kept, quoted as tsquery lexemes, so the snippet marks
        // them too. Only the rows of the page get a snippet.
        var hits = await db.Database.SqlQuery<Hit>($"""
            WITH terms AS (
                SELECT t, public.nojor_variant_keys(t) AS keys FROM unnest({folded}::text[]) AS t
            ),
            found AS (
                SELECT a."Id", a."Slug", a."Headline", a."Summary", a."Section", a."PublishedAt", a."BodyText", exact.hit AS "Exact",
                       (ts_rank_cd(a."SearchVector", to_tsquery('nojor', {any}))
                         + coalesce((SELECT max(word_similarity(t.t, a."PlaceText")) FROM terms t), 0)
                         + coalesce(variant.similarity, 0))::double precision AS "Rank",
                       variant.words
                FROM articles a
                CROSS JOIN LATERAL (SELECT a."SearchVector" @@ to_tsquery('nojor', {all}) AS hit) exact
                LEFT JOIN LATERAL (
                    SELECT bool_and(p.prefix OR p.place OR v.words IS NOT NULL) AS every_term,
                           sum(v.best) AS similarity,
                           string_agg(v.words, ' | ') AS words
                    FROM terms t
                    CROSS JOIN LATERAL (
                        SELECT a."SearchVector" @@ to_tsquery('nojor', t.t || ':*') AS prefix,
                               word_similarity(t.t, a."PlaceText") >= {PlaceSimilarity} AS place
                    ) p
                    CROSS JOIN LATERAL (
                        SELECT string_agg(chr(39) || replace(replace(w, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || chr(39), ' | ') AS words,
                               max(similarity(t.t, w)) AS best
                        FROM unnest(tsvector_to_array(a."SearchVector")) AS w
                        WHERE NOT p.prefix AND length(t.t) >= {SpellingVariants.MinTermLength}
                          AND a."VariantKeys" @> t.keys
                          AND public.nojor_variant_key(w) = ANY (t.keys)
                          AND similarity(t.t, w) >= {SpellingVariants.MinSimilarity}
                    ) v
                    WHERE NOT exact.hit
                ) variant ON true
                WHERE a."Status" = 'Published' AND (a."EmbargoUntil" IS NULL OR a."EmbargoUntil" <= {now})
                  AND (exact.hit OR variant.every_term)
                ORDER BY "Exact" DESC, "Rank" DESC, a."PublishedAt" DESC, a."Id"
                LIMIT {take + 1} OFFSET {skip}
            )
            SELECT f."Id", f."Slug", f."Headline", f."Summary", f."Section", f."PublishedAt", f."Rank", f."Exact",
                   ts_headline('nojor', coalesce(f."Summary", '') || ' ' || f."BodyText",
                               CASE WHEN f.words IS NULL THEN to_tsquery('nojor', {any})
                                    ELSE to_tsquery('nojor', {any}) || f.words::tsquery END,
                               {headlineOptions}) AS "Snippet"
            FROM found f
            ORDER BY f."Exact" DESC, f."Rank" DESC, f."PublishedAt" DESC, f."Id"
            """).ToListAsync(cancellationToken);

        var page = hits.Take(take).Select(h => new SearchHitResponse(h.Id, h.Slug, h.Headline, h.Summary, h.Section, h.PublishedAt, h.Rank,
            !h.Exact, Highlight(h.Snippet), options.Value.UrlFor(h.Slug)));
        return TypedResults.Ok(new SearchResponse(q!, [.. page], hits.Count > take ? skip + take : null));
    }

    /// <summary>Snippets come from plain text; encode it, then turn our private markers into mark elements.</summary>
    private static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(MarkStart, "<mark>", StringComparison.Ordinal).Replace(MarkEnd, "</mark>", StringComparison.Ordinal);
}
