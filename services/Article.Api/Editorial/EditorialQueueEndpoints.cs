using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Articles.Reading;
using Nojor.Authentication;
using Nojor.Hosting;

namespace Nojor.Articles.Editorial;

/// <summary>One report in the editors' lists: what a desk row shows, in any state.</summary>
public sealed record QueuedArticleResponse(
    Guid Id,
    string Slug,
    string Headline,
    string Section,
    string Status,
    bool Embargoed,
    bool Breaking,
    int Urgency,
    DateTimeOffset? EmbargoUntil,
    DateTimeOffset? PublishAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string Url);

public sealed record QueuedArticleList(IReadOnlyList<QueuedArticleResponse> Items, int? NextOffset);

public sealed record PreviewRequest(string? Body);

public sealed record PreviewResponse(string BodyHtml);

/// <summary>
/// The editors' reads the public API leaves out: reports in every state (drafts, scheduled, embargoed, published,
/// retracted) and every revision of one, drafts included. Readers' lists and revisions keep to what was public.
/// </summary>
public static class EditorialQueueEndpoints
{
    public const int MaxLimit = 100;
    public const int MaxOffset = 10_000;

    /// <summary>
    /// What the <c>status</c> route value may be; <c>embargoed</c> is a published or scheduled report still held, and
    /// <c>scheduled</c> leaves those out.
    /// </summary>
    public static readonly IReadOnlyList<string> Statuses = ["all", "draft", "scheduled", "embargoed", "published", "retracted"];

    public static IEndpointRouteBuilder MapEditorialQueueEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(ArticleRoutes.Articles).WithTags("Editorial")
            .RequireAuthorization(EditorAuthentication.EditorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        // Two segments, so no report's slug is shadowed: a one-segment literal would win over GET /api/articles/{slug}.
        group.MapGet("/by-status/{status}", List).WithName("ListArticlesForEditors")
            .WithSummary("Reports in any state, most recently changed first (editors)")
            .WithDescription("status: all, draft, scheduled, embargoed, published or retracted. section narrows to one section, q to "
                + "headlines containing the text; limit 1–100, offset 0–10000, nextOffset continues.");
        group.MapGet("/by-id/{id:guid}/revisions", Revisions).WithName("ListArticleRevisionsForEditors")
            .WithSummary("Every revision of a report, drafts included (editors)");
        group.MapPost("/preview", Preview).WithName("PreviewArticleBody")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(EditorialEndpoints.MaxRequestBytes))
            .WithSummary("Render a Markdown body as readers would see it, without saving anything (editors)");
        return routes;
    }

    private static async Task<Results<Ok<QueuedArticleList>, ValidationProblem>> List(string status, string? section, string? q, int? limit,
        int? offset, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Statuses.Contains(status))
        {
            errors["status"] = [$"status is one of {string.Join(", ", Statuses)}."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit runs from 1 to {MaxLimit}."];
        }
        if (offset is < 0 or > MaxOffset)
        {
            errors["offset"] = [$"offset runs from 0 to {MaxOffset}."];
        }
        if (q is { Length: > Article.HeadlineMaxLength })
        {
            errors["q"] = [$"q has at most {Article.HeadlineMaxLength} characters."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var articles = db.Articles.AsNoTracking();
        articles = status switch
        {
            "draft" => articles.Where(a => a.Status == ArticleStatus.Draft),
            // An embargoed report waits as scheduled until its embargo ends; the desk lists it as embargoed, not twice.
            "scheduled" => articles.Where(a => a.Status == ArticleStatus.Scheduled && (a.EmbargoUntil == null || a.EmbargoUntil <= now)),
            "embargoed" => articles.Where(a => a.Status != ArticleStatus.Draft && a.Status != ArticleStatus.Retracted
                && a.EmbargoUntil != null && a.EmbargoUntil > now),
            "published" => articles.Where(a => a.Status == ArticleStatus.Published),
            "retracted" => articles.Where(a => a.Status == ArticleStatus.Retracted),
            _ => articles,
        };
        if (!string.IsNullOrWhiteSpace(section))
        {
            articles = articles.Where(a => a.Section == section.Trim());
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            articles = articles.Where(a => EF.Functions.ILike(a.Headline, pattern, "\\"));
        }
        var take = limit ?? 50;
        var skip = offset ?? 0;
        var rows = await articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).Skip(skip).Take(take + 1)
            .ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(a => new QueuedArticleResponse(a.Id, a.Slug, a.Headline, a.Section,
            a.Status.ToString().ToLowerInvariant(), a.EmbargoUntil > now, a.IsBreaking, a.Urgency, a.EmbargoUntil, a.PublishAt,
            a.PublishedAt, a.UpdatedAt, a.Version, options.Value.UrlFor(a.Slug))).ToList();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok(new QueuedArticleList(items, rows.Count > take ? skip + take : null));
    }

    // The same renderer and sanitiser a save uses, so the desk's preview is what readers will get, not an approximation.
    private static Results<Ok<PreviewResponse>, ProblemHttpResult> Preview(PreviewRequest request, MarkdownRenderer renderer, HttpContext http)
    {
        if (ArticleValidator.BodyTooLarge(request.Body))
        {
            return Problems.PayloadTooLarge($"A report body has at most {Article.BodyMaxBytes / 1024} KiB of UTF-8 text.");
        }
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok(new PreviewResponse(renderer.ToHtml(request.Body ?? "")));
    }

    private static async Task<Results<Ok<IReadOnlyList<RevisionResponse>>, ProblemHttpResult>> Revisions(Guid id, ArticleDbContext db,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return Problems.NotFound($"No report has the id {id}.");
        }
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.ArticleId == id)
            .OrderBy(r => r.Version).ThenBy(r => r.RecordedAt)
            .Select(r => new RevisionResponse(r.Version, r.Change, r.Headline, r.Summary, r.Body, r.Note, r.RecordedAt))
            .ToListAsync(cancellationToken);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok<IReadOnlyList<RevisionResponse>>(revisions);
    }
}
