using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;
using Nojor.Articles.Data;
using Nojor.Hosting;
using Nojor.Requests;

namespace Nojor.Articles.Reading;

/// <summary>Anonymous reads of published reports, cached in memory and Redis and validated with ETags.</summary>
public static class ArticleReadEndpoints
{
    internal const string GetBySlugName = "GetArticleBySlug";

    public static IEndpointRouteBuilder MapArticleReadEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(ArticleRoutes.Articles).WithTags("Articles");
        group.MapGet("/", List).WithName("ListArticles")
            .WithSummary("Published reports, newest first, with filters and cursor paging")
            .ProducesValidationProblem();
        group.MapGet("/{slug}", GetBySlug).WithName(GetBySlugName)
            .WithSummary("One report by slug").WithDescription("Strong ETag per version; If-None-Match answers 304. Retracted reports stay readable, marked.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/by-id/{id:guid}", GetById).WithName("GetArticleById")
            .WithSummary("One report by id").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{slug}/revisions", Revisions).WithName("ListArticleRevisions")
            .WithSummary("Every published version of a report, oldest first")
            .WithDescription("From its first publication on; what it said as a draft is not shown.");
        group.MapGet("/{slug}/related", Related).WithName("ListRelatedArticles")
            .WithSummary("Reports sharing the story, places or tags");
        return routes;
    }

    internal static IQueryable<Article> Visible(this IQueryable<Article> articles, DateTimeOffset now) =>
        articles.Where(a => a.Status == ArticleStatus.Published && (a.EmbargoUntil == null || a.EmbargoUntil <= now));

    private static async Task<Results<CachedJsonResult<ArticleListResponse>, ValidationProblem>> List(
        [AsParameters] ArticleListQuery query, [AsParameters] ArticleReadServices services)
    {
        if (query.Limit is < 1 or > ArticleListQuery.MaxLimit)
        {
            return Problems.Validation("limit", $"limit runs from 1 to {ArticleListQuery.MaxLimit}.");
        }
        ArticleCursor? cursor = null;
        if (query.Cursor is not null)
        {
            if (!ArticleCursor.TryDecode(query.Cursor, out var decoded))
            {
                return Problems.Validation("cursor", "The cursor is not one this service issued.");
            }
            cursor = decoded;
        }
        if (query.Urgency is < Article.MinUrgency or > Article.MaxUrgency)
        {
            return Problems.Validation("urgency", $"Urgency runs from {Article.MinUrgency} to {Article.MaxUrgency}.");
        }

        async ValueTask<CachedJson?> Load(CancellationToken ct)
        {
            var page = await ArticleListReader.ReadAsync(services.Database(), query, cursor, services.Clock.GetUtcNow(), services.Options.Value,
                ct);
            return CachedJson.WithContentTag(JsonSerializer.SerializeToUtf8Bytes(page, services.Json.Value.SerializerOptions));
        }

        // Only first pages are shared enough to cache; deeper pages go to PostgreSQL.
        var body = cursor is null
            ? await services.Cache.GetListAsync(query.CacheKey(), Load, services.Revalidate, services.CancellationToken)
            : await Load(services.CancellationToken);
        return new CachedJsonResult<ArticleListResponse>(body!, ReaderCacheControl(services.Options.Value));
    }

    private static async Task<Results<CachedJsonResult<ArticleResponse>, ProblemHttpResult>> GetBySlug(
        string slug, [AsParameters] ArticleReadServices services)
    {
        var body = await services.Cache.GetArticleAsync(slug, async ct =>
        {
            var article = await services.Database().Articles.AsNoTracking().Include(a => a.Story)
                .FirstOrDefaultAsync(a => a.Slug == slug, ct);
            return article is not null && article.IsVisibleToReaders(services.Clock.GetUtcNow())
                ? new CachedJson(JsonSerializer.SerializeToUtf8Bytes(ArticleResponse.From(article, services.Options.Value),
                    services.Json.Value.SerializerOptions), article.ETag)
                : null;
        }, services.Revalidate, services.CancellationToken);
        return body is null
            ? Problems.NotFound($"No published report has the slug '{slug}'.")
            : new CachedJsonResult<ArticleResponse>(body, ReaderCacheControl(services.Options.Value));
    }

    private static async Task<Results<CachedJsonResult<ArticleResponse>, ProblemHttpResult>> GetById(
        Guid id, [AsParameters] ArticleReadServices services)
    {
        var slug = await services.Database().Articles.Where(a => a.Id == id).Select(a => a.Slug)
            .FirstOrDefaultAsync(services.CancellationToken);
        return slug is null
            ? Problems.NotFound($"No published report has the id {id}.")
            : await GetBySlug(slug, services);
    }

    private static async Task<Results<Ok<IReadOnlyList<RevisionResponse>>, ProblemHttpResult>> Revisions(
        string slug, ArticleDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug, cancellationToken);
        if (article is null || !article.IsVisibleToReaders(now))
        {
            return Problems.NotFound($"No published report has the slug '{slug}'.");
        }
        // Readers see the versions they could have read: from the first publication on (a report published when filed has
        // no "published" revision, and every version is public). Drafts and their edits stay with the editors.
        var firstPublic = await db.Revisions.Where(r => r.ArticleId == article.Id && r.Change == RevisionChange.Published)
            .MinAsync(r => (int?)r.Version, cancellationToken) ?? 0;
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.ArticleId == article.Id && r.Version >= firstPublic)
            .OrderBy(r => r.Version).ThenBy(r => r.RecordedAt)
            .Select(r => new RevisionResponse(r.Version, r.Change, r.Headline, r.Summary, r.Body, r.Note, r.RecordedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<RevisionResponse>>(revisions);
    }

    private static async Task<Results<Ok<ArticleListResponse>, ProblemHttpResult>> Related(
        string slug, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, int? limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug, cancellationToken);
        if (article is null || !article.IsVisibleToReaders(now))
        {
            return Problems.NotFound($"No published report has the slug '{slug}'.");
        }
        var related = await RelatedArticles.FindAsync(db, article, Math.Clamp(limit ?? 10, 1, 50), now, cancellationToken);
        return TypedResults.Ok(new ArticleListResponse([.. related.Select(a => ArticleSummaryResponse.From(a, options.Value))], null));
    }

    internal static string ReaderCacheControl(ArticleOptions options) => $"public, max-age={(int)options.ReaderMaxAge.TotalSeconds}";
}

/// <summary>
/// The services a cached read uses, bound as one parameter. The database context is not among them: see <see cref="Database"/>.
/// </summary>
internal sealed record ArticleReadServices(
    HttpContext Http,
    ArticleCache Cache,
    IOptions<ArticleOptions> Options,
    IOptions<JsonOptions> Json,
    TimeProvider Clock,
    CancellationToken CancellationToken)
{
    /// <summary>
    /// The database context for a cache miss. Resolved only then: renting a context on every request cost more than
    /// the cache hit it would not be used for.
    /// </summary>
    public ArticleDbContext Database() => Http.RequestServices.GetRequiredService<ArticleDbContext>();

    /// <summary>Whether the request asked to be answered from PostgreSQL rather than this instance's memory.</summary>
    public bool Revalidate => Revalidation.IsRequested(Http.Request.Headers);
}
