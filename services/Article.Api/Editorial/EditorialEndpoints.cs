using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;
using Nojor.Articles.Data;
using Nojor.Articles.Reading;
using Nojor.Authentication;
using Nojor.Hosting;
using Nojor.Limits;
using Npgsql;

namespace Nojor.Articles.Editorial;

/// <summary>Editors' writes: file, edit, publish, schedule, correct and retract reports.</summary>
public static class EditorialEndpoints
{
    /// <summary>
    /// A 256 KiB body plus room for the rest of the JSON; larger requests are refused with 413 before parsing. The gateway's
    /// route for these writes takes its limit from the same constant, so it never refuses a report this service accepts.
    /// </summary>
    public const long MaxRequestBytes = RequestLimits.ReportWriteMaxBytes;

    public static IEndpointRouteBuilder MapEditorialEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(ArticleRoutes.Articles).WithTags("Editorial")
            .RequireAuthorization(EditorAuthentication.EditorPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/", Create).WithName("CreateArticle")
            .WithSummary("File a report")
            .WithDescription("Publishes at once unless `draft` is true or `publishAt` is given; an embargo holds publication (and every event) until it passes.");
        group.MapGet("/by-id/{id:guid}/draft", GetForEditor).WithName("GetArticleForEditor")
            .WithSummary("Read a report in any state (drafts, scheduled, embargoed)");
        group.MapPut("/by-id/{id:guid}", Update).WithName("UpdateArticle")
            .WithSummary("Replace a report's content").WithDescription("Requires If-Match with the current ETag (428 without, 412 on a stale one). Stores a revision.");
        group.MapPost("/by-id/{id:guid}/publish", Publish).WithName("PublishArticle")
            .WithSummary("Publish a draft or scheduled report now (or at the end of its embargo)");
        group.MapPost("/by-id/{id:guid}/schedule", Schedule).WithName("ScheduleArticle")
            .WithSummary("Schedule a report for publication").WithDescription("`publishAt` must be in the future (422 otherwise).");
        group.MapPost("/by-id/{id:guid}/corrections", Correct).WithName("CorrectArticle")
            .WithSummary("Correct a published report").WithDescription("Appends a dated public note; requires If-Match.");
        group.MapPost("/by-id/{id:guid}/retract", Retract).WithName("RetractArticle")
            .WithSummary("Retract a published report").WithDescription("The report stays readable, marked as retracted with the reason.");
        return routes;
    }

    private static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateArticleRequest request, ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache, IOptions<ArticleOptions> options,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (ArticleValidator.BodyTooLarge(request.Body))
        {
            return BodyTooLarge();
        }
        var errors = ArticleValidator.Validate(request, options.Value);
        ArticleValidator.ValidateSlug(errors, request.Slug);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (request.PublishAt is { } publishAt && publishAt <= clock.GetUtcNow())
        {
            return PublishAtInPast();
        }

        string slug;
        if (request.Slug is not null)
        {
            if (await db.Articles.AnyAsync(a => a.Slug == request.Slug, cancellationToken))
            {
                return SlugTaken(request.Slug);
            }
            slug = request.Slug;
        }
        else
        {
            slug = await UniqueSlugAsync(db, SlugGenerator.FromHeadline(request.Headline!.Trim()), cancellationToken);
        }

        var article = await workflow.CreateAsync(request, slug, cancellationToken);
        if (request.PublishAt is { } at)
        {
            workflow.Schedule(article, at);
        }
        else if (request.Draft != true)
        {
            workflow.Publish(article);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return SlugTaken(article.Slug);
        }
        await cache.InvalidateAsync(article.Slug, cancellationToken);
        http.Response.Headers.ETag = article.ETag;
        return TypedResults.Created($"{ArticleRoutes.Articles}/{article.Slug}", ArticleResponse.From(article, options.Value));
    }

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetForEditor(
        Guid id, ArticleDbContext db, IOptions<ArticleOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(db, id, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }
        http.Response.Headers.ETag = article.ETag;
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok(ArticleResponse.From(article, options.Value));
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateArticleRequest request, ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache,
        IOptions<ArticleOptions> options, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (ArticleValidator.BodyTooLarge(request.Body))
        {
            return BodyTooLarge();
        }
        var errors = ArticleValidator.Validate(request, options.Value);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var article = await LoadAsync(db, id, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(http.Request, article, required: true) is { } failed)
        {
            return failed;
        }
        if (article.Status == ArticleStatus.Retracted)
        {
            return Problems.Conflict("A retracted report is kept as it was; it cannot be edited.");
        }
        if (article.Status == ArticleStatus.Published && request.EmbargoUntil > clock.GetUtcNow() && request.EmbargoUntil != article.EmbargoUntil)
        {
            return Problems.Unprocessable("A published report cannot be put under a new embargo; retract it instead.");
        }
        await workflow.UpdateAsync(article, request, cancellationToken);
        return await SaveAsync(db, cache, article, options.Value, http, cancellationToken);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Publish(
        Guid id, ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache, IOptions<ArticleOptions> options,
        HttpContext http, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(db, id, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(http.Request, article, required: false) is { } failed)
        {
            return failed;
        }
        if (article.Status is not (ArticleStatus.Draft or ArticleStatus.Scheduled))
        {
            return Problems.Conflict($"The report is {article.Status.ToString().ToLowerInvariant()}; only drafts and scheduled reports can be published.");
        }
        workflow.Publish(article);
        return await SaveAsync(db, cache, article, options.Value, http, cancellationToken);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Schedule(
        Guid id, ScheduleArticleRequest request, ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache,
        IOptions<ArticleOptions> options, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.PublishAt is not { } publishAt)
        {
            return Problems.Validation("publishAt", "publishAt is required.");
        }
        if (publishAt <= clock.GetUtcNow())
        {
            return PublishAtInPast();
        }
        var article = await LoadAsync(db, id, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(http.Request, article, required: false) is { } failed)
        {
            return failed;
        }
        if (article.Status is not (ArticleStatus.Draft or ArticleStatus.Scheduled))
        {
            return Problems.Conflict($"The report is already {article.Status.ToString().ToLowerInvariant()}.");
        }
        workflow.Schedule(article, publishAt);
        return await SaveAsync(db, cache, article, options.Value, http, cancellationToken);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Correct(
        Guid id, CorrectArticleRequest request, ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache,
        IOptions<ArticleOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        if (ArticleValidator.BodyTooLarge(request.Body))
        {
            return BodyTooLarge();
        }
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Trim().Length > Correction.NoteMaxLength)
        {
            errors["note"] = [$"A correction needs a public note of at most {Correction.NoteMaxLength} characters."];
        }
        if (request.Headline is not null && (string.IsNullOrWhiteSpace(request.Headline) || request.Headline.Trim().Length > Article.HeadlineMaxLength))
        {
            errors["headline"] = [$"A headline is non-empty and has at most {Article.HeadlineMaxLength} characters."];
        }
        if (request.Summary is { Length: > Article.SummaryMaxLength })
        {
            errors["summary"] = [$"A summary has at most {Article.SummaryMaxLength} characters."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var article = await LoadAsync(db, id, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(http.Request, article, required: true) is { } failed)
        {
            return failed;
        }
        if (article.Status != ArticleStatus.Published)
        {
            return Problems.Conflict("Only a published report takes corrections; edit drafts directly.");
        }
        workflow.Correct(article, request);
        return await SaveAsync(db, cache, article, options.Value, http, cancellationToken);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Retract(
        Guid id, RetractArticleRequest request, ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache,
        IOptions<ArticleOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > Article.RetractionReasonMaxLength)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["reason"] = [$"A retraction needs a reason of at most {Article.RetractionReasonMaxLength} characters."],
            });
        }
        var article = await LoadAsync(db, id, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(http.Request, article, required: false) is { } failed)
        {
            return failed;
        }
        if (article.Status != ArticleStatus.Published)
        {
            return Problems.Conflict("Only a published report can be retracted.");
        }
        workflow.Retract(article, request.Reason);
        return await SaveAsync(db, cache, article, options.Value, http, cancellationToken);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        ArticleDbContext db, ArticleCache cache, Article article, ArticleOptions options, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another editor saved between our read and our write: the same outcome as a stale If-Match.
            return Preconditions.Failed(article);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("Another change touched the same story at the same moment; send the request again.");
        }
        await cache.InvalidateAsync(article.Slug, cancellationToken);
        http.Response.Headers.ETag = article.ETag;
        http.Response.Headers[HeaderNames.Location] = $"{ArticleRoutes.Articles}/{article.Slug}";
        return TypedResults.Ok(ArticleResponse.From(article, options));
    }

    private static Task<Article?> LoadAsync(ArticleDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Articles.Include(a => a.Story).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    /// <summary>Keeps slugs unique by numbering repeats: "storm-warning", "storm-warning-2", ...</summary>
    private static async Task<string> UniqueSlugAsync(ArticleDbContext db, string baseSlug, CancellationToken cancellationToken)
    {
        var taken = (await db.Articles.Where(a => a.Slug == baseSlug || a.Slug.StartsWith(baseSlug + "-"))
            .Select(a => a.Slug).ToListAsync(cancellationToken)).ToHashSet();
        if (!taken.Contains(baseSlug))
        {
            return baseSlug;
        }
        for (var n = 2; ; n++)
        {
            var candidate = $"{baseSlug}-{n}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"No report has the id {id}.");

    private static ProblemHttpResult PublishAtInPast() => Problems.Unprocessable("publishAt must be in the future; publish now instead.");

    private static ProblemHttpResult SlugTaken(string slug) =>
        Problems.Conflict($"The slug '{slug}' is already taken by another report.");

    private static ProblemHttpResult BodyTooLarge() =>
        Problems.PayloadTooLarge($"A report body has at most {Article.BodyMaxBytes / 1024} KiB of UTF-8 text.");
}
