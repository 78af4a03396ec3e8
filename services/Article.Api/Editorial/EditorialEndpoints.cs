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
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AddEndpointFilter(RefusalsAsProblems);
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
        CreateArticleRequest request, [AsParameters] EditorialServices services)
    {
        if (ArticleValidator.BodyTooLarge(request.Body))
        {
            return BodyTooLarge();
        }
        var errors = ArticleValidator.Validate(request, services.Options.Value);
        ArticleValidator.ValidateSlug(errors, request.Slug);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (request.PublishAt is { } publishAt)
        {
            Article.CheckPublishAt(publishAt, services.Clock.GetUtcNow());
        }

        string slug;
        if (request.Slug is not null)
        {
            if (await services.Db.Articles.AnyAsync(a => a.Slug == request.Slug, services.CancellationToken))
            {
                return SlugTaken(request.Slug);
            }
            slug = request.Slug;
        }
        else
        {
            slug = await UniqueSlugAsync(services.Db, SlugGenerator.FromHeadline(request.Headline!.Trim()), services.CancellationToken);
        }

        var article = await services.Workflow.CreateAsync(slug, request.ToContent(services.Options.Value), draft: request.Draft == true,
            request.PublishAt, services.CancellationToken);
        try
        {
            await services.Db.SaveChangesAsync(services.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return SlugTaken(article.Slug);
        }
        await services.Cache.InvalidateAsync(article.Slug, services.CancellationToken);
        services.Http.Response.Headers.ETag = article.ETag;
        return TypedResults.Created($"{ArticleRoutes.Articles}/{article.Slug}", ArticleResponse.From(article, services.Options.Value));
    }

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetForEditor(Guid id, [AsParameters] EditorialServices services)
    {
        var article = await LoadAsync(services, id);
        if (article is null)
        {
            return NotFound(id);
        }
        services.Http.Response.Headers.ETag = article.ETag;
        services.Http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok(ArticleResponse.From(article, services.Options.Value));
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateArticleRequest request, [AsParameters] EditorialServices services)
    {
        if (ArticleValidator.BodyTooLarge(request.Body))
        {
            return BodyTooLarge();
        }
        var errors = ArticleValidator.Validate(request, services.Options.Value);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var article = await LoadAsync(services, id);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(services.Http.Request, article, required: true) is { } failed)
        {
            return failed;
        }
        await services.Workflow.UpdateAsync(article, request.ToContent(services.Options.Value), services.CancellationToken);
        return await SaveAsync(services, article);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Publish(
        Guid id, [AsParameters] EditorialServices services)
    {
        var article = await LoadAsync(services, id);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(services.Http.Request, article, required: false) is { } failed)
        {
            return failed;
        }
        services.Workflow.Publish(article);
        return await SaveAsync(services, article);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Schedule(
        Guid id, ScheduleArticleRequest request, [AsParameters] EditorialServices services)
    {
        if (request.PublishAt is not { } publishAt)
        {
            return Problems.Validation("publishAt", "publishAt is required.");
        }
        Article.CheckPublishAt(publishAt, services.Clock.GetUtcNow());
        var article = await LoadAsync(services, id);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(services.Http.Request, article, required: false) is { } failed)
        {
            return failed;
        }
        services.Workflow.Schedule(article, publishAt);
        return await SaveAsync(services, article);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Correct(
        Guid id, CorrectArticleRequest request, [AsParameters] EditorialServices services)
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
        var article = await LoadAsync(services, id);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(services.Http.Request, article, required: true) is { } failed)
        {
            return failed;
        }
        services.Workflow.Correct(article, request.ToCorrection());
        return await SaveAsync(services, article);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Retract(
        Guid id, RetractArticleRequest request, [AsParameters] EditorialServices services)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > Article.RetractionReasonMaxLength)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["reason"] = [$"A retraction needs a reason of at most {Article.RetractionReasonMaxLength} characters."],
            });
        }
        var article = await LoadAsync(services, id);
        if (article is null)
        {
            return NotFound(id);
        }
        if (Preconditions.Check(services.Http.Request, article, required: false) is { } failed)
        {
            return failed;
        }
        services.Workflow.Retract(article, request.Reason.Trim());
        return await SaveAsync(services, article);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        EditorialServices services, Article article)
    {
        try
        {
            await services.Db.SaveChangesAsync(services.CancellationToken);
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
        await services.Cache.InvalidateAsync(article.Slug, services.CancellationToken);
        services.Http.Response.Headers.ETag = article.ETag;
        services.Http.Response.Headers[HeaderNames.Location] = $"{ArticleRoutes.Articles}/{article.Slug}";
        return TypedResults.Ok(ArticleResponse.From(article, services.Options.Value));
    }

    private static Task<Article?> LoadAsync(EditorialServices services, Guid id) =>
        services.Db.Articles.Include(a => a.Story).FirstOrDefaultAsync(a => a.Id == id, services.CancellationToken);

    /// <summary>How many numbered slugs one lookup tries at once, once the headline's own is taken.</summary>
    private const int SlugsPerLookup = 20;

    /// <summary>
    /// Keeps slugs unique by numbering repeats ("storm-warning", "storm-warning-2", ...): the headline's slug, or the first
    /// numbered one free. Every lookup asks for exact slugs, which the unique index answers: a prefix match
    /// (<c>LIKE 'slug-%'</c>) cannot use it under the database's collation, so it read the whole table on every report
    /// filed. Most headlines are new, and cost one probe.
    /// </summary>
    private static async Task<string> UniqueSlugAsync(ArticleDbContext db, string baseSlug, CancellationToken cancellationToken)
    {
        if (!await db.Articles.AnyAsync(a => a.Slug == baseSlug, cancellationToken))
        {
            return baseSlug;
        }
        for (var from = 2; ; from += SlugsPerLookup)
        {
            var candidates = Enumerable.Range(from, SlugsPerLookup).Select(n => SlugGenerator.Numbered(baseSlug, n)).ToArray();
            var taken = (await db.Articles.Where(a => candidates.Contains(a.Slug)).Select(a => a.Slug).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            if (candidates.FirstOrDefault(c => !taken.Contains(c)) is { } free)
            {
                return free;
            }
        }
    }

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"No report has the id {id}.");

    /// <summary>
    /// Answers a change the report's rules refused (<see cref="ArticleRuleException"/>, thrown before anything changed):
    /// 409 when its state does not allow it, 422 when a value it asks for is not allowed.
    /// </summary>
    private static async ValueTask<object?> RefusalsAsProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ArticleRuleException refused)
        {
            return refused.Kind == ArticleRuleKind.State ? Problems.Conflict(refused.Message) : Problems.Unprocessable(refused.Message);
        }
    }

    private static ProblemHttpResult SlugTaken(string slug) =>
        Problems.Conflict($"The slug '{slug}' is already taken by another report.");

    private static ProblemHttpResult BodyTooLarge() =>
        Problems.PayloadTooLarge($"A report body has at most {Article.BodyMaxBytes / 1024} KiB of UTF-8 text.");
}

/// <summary>The services every editorial write uses, bound as one parameter.</summary>
internal sealed record EditorialServices(
    ArticleDbContext Db,
    ArticleWorkflow Workflow,
    ArticleCache Cache,
    IOptions<ArticleOptions> Options,
    TimeProvider Clock,
    HttpContext Http,
    CancellationToken CancellationToken);
