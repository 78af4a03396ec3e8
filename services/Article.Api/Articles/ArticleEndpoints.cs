using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Data;
using Nojor.Authentication;
using Npgsql;

namespace Nojor.Articles.Articles;

public static class ArticleEndpoints
{
    public const string BasePath = "/api/articles";
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapArticleEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Articles");
        group.MapGet("/", ListPublished).WithName("ListArticles");
        group.MapGet("/{slug}", GetBySlug).WithName("GetArticleBySlug");
        group.MapPost("/", Create).WithName("CreateArticle").RequireAuthorization(EditorAuthentication.EditorPolicy);
        return routes;
    }

    private static async Task<Results<Ok<ArticleListResponse>, ValidationProblem>> ListPublished(
        ArticleDbContext db, IOptions<ArticleOptions> options, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit runs from 1 to {MaxPageSize}."],
            });
        }
        var articles = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Published)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(limit ?? DefaultPageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ArticleListResponse([.. articles.Select(a => ArticleResponse.From(a, options.Value))]));
    }

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetBySlug(
        string slug, ArticleDbContext db, IOptions<ArticleOptions> options, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Slug == slug && a.Status == ArticleStatus.Published, cancellationToken);
        return article is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No published report has the slug '{slug}'.")
            : TypedResults.Ok(ArticleResponse.From(article, options.Value));
    }

    private static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateArticleRequest request, ArticleDbContext db, ArticlePublisher publisher, IOptions<ArticleOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = CreateArticleValidator.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var headline = request.Headline!.Trim();
        var now = clock.GetUtcNow();
        var article = new Article
        {
            Id = Guid.CreateVersion7(now),
            Slug = await UniqueSlugAsync(db, SlugGenerator.FromHeadline(headline), cancellationToken),
            Headline = headline,
            Summary = request.Summary?.Trim(),
            Body = request.Body ?? "",
            Section = string.IsNullOrWhiteSpace(request.Section) ? CreateArticleValidator.DefaultSection : request.Section.Trim().ToLowerInvariant(),
            Tags = [.. (request.Tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct()],
            Urgency = request.Urgency ?? 5,
            IsBreaking = request.Breaking ?? false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Articles.Add(article);
        publisher.Publish(article);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: $"Another report took the slug '{article.Slug}' at the same moment; send the request again.");
        }
        return TypedResults.Created($"{BasePath}/{article.Slug}", ArticleResponse.From(article, options.Value));
    }

    /// <summary>Keeps slugs unique by numbering repeats: "storm-warning", "storm-warning-2", ...</summary>
    private static async Task<string> UniqueSlugAsync(ArticleDbContext db, string baseSlug, CancellationToken cancellationToken)
    {
        var taken = await db.Articles.Where(a => a.Slug == baseSlug || a.Slug.StartsWith(baseSlug + "-"))
            .Select(a => a.Slug).ToListAsync(cancellationToken);
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
}
