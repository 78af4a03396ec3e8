using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Articles.Reading;
using Nojor.Hosting;

namespace Nojor.Articles.Stories;

public static class StoryEndpoints
{
    public static IEndpointRouteBuilder MapStoryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(ArticleRoutes.Stories).WithTags("Stories")
            .MapGet("/{slug}", Timeline).WithName("GetStoryTimeline")
            .WithSummary("A developing story with its published reports, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Ok<StoryResponse>, ProblemHttpResult>> Timeline(
        string slug, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var story = await db.Stories.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug, cancellationToken);
        if (story is null)
        {
            return Problems.NotFound($"No story has the slug '{slug}'.");
        }
        var reports = await db.Articles.AsNoTracking().Include(a => a.Story).Visible(clock.GetUtcNow())
            .Where(a => a.StoryId == story.Id)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        http.Response.Headers.CacheControl = ArticleReadEndpoints.ReaderCacheControl(options.Value);
        return TypedResults.Ok(new StoryResponse(story.Id, story.Slug, story.Title, options.Value.StoryUrlFor(story.Slug),
            [.. reports.Select(a => ArticleSummaryResponse.From(a, options.Value))]));
    }
}
