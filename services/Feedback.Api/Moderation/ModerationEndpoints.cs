using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Contracts;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Hosting;
using Nojor.Messaging.Outbox;

namespace Nojor.Feedback.Moderation;

public sealed record QueuedComment(Guid Id, Guid ArticleId, Guid? ParentId, string Text, string? HeldFor, int ArticleVersion,
    DateTimeOffset CreatedAt);

public sealed record ModerationQueue(IReadOnlyList<QueuedComment> Items);

public static class ModerationEndpoints
{
    public const string BasePath = "/api/feedback/moderation/comments";
    private const int QueuePageSize = 200;

    public static IEndpointRouteBuilder MapModerationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Moderation").RequireAuthorization(EditorAuthentication.EditorPolicy);
        group.MapGet("/", Queue).WithName("GetModerationQueue")
            .WithSummary("Comments held by the filter, oldest first (editors)");
        group.MapPost("/{id:guid}/approve", Approve).WithName("ApproveComment")
            .WithSummary("Publish a held comment (editors)");
        group.MapPost("/{id:guid}/reject", Reject).WithName("RejectComment")
            .WithSummary("Reject a held comment (editors)");
        return routes;
    }

    private static async Task<Ok<ModerationQueue>> Queue(FeedbackDbContext db, CancellationToken cancellationToken)
    {
        var items = await db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Held && c.DeletedAt == null)
            .OrderBy(c => c.CreatedAt).Take(QueuePageSize)
            .Select(c => new QueuedComment(c.Id, c.ArticleId, c.ParentId, c.Text, c.HeldFor, c.ArticleVersion, c.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ModerationQueue(items));
    }

    private static async Task<Results<Ok<CommentResponse>, ProblemHttpResult>> Approve(Guid id, FeedbackDbContext db, AggregateCache cache,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        if (comment is null)
        {
            return Problems.NotFound($"No comment has the id {id}.");
        }
        if (comment.Status != CommentStatus.Held)
        {
            return Problems.Conflict($"Only held comments can be approved; this one is {EnumNames.Of(comment.Status)}.");
        }
        var slug = await db.KnownArticles.Where(a => a.ArticleId == comment.ArticleId).Select(a => a.Slug).FirstAsync(cancellationToken);
        var now = clock.GetUtcNow();
        comment.Status = CommentStatus.Published;
        comment.ModeratedAt = now;
        db.AddIntegrationEvent(new CommentApproved(comment.Id, comment.ArticleId, slug, comment.ParentId, now), clock);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Problems.Conflict("Another editor moderated this comment at the same time.");
        }
        await cache.InvalidateAsync(AggregateScopes.Article(comment.ArticleId));
        return TypedResults.Ok(CommentResponse.From(comment));
    }

    private static async Task<Results<Ok<CommentResponse>, ProblemHttpResult>> Reject(Guid id, FeedbackDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        if (comment is null)
        {
            return Problems.NotFound($"No comment has the id {id}.");
        }
        if (comment.Status != CommentStatus.Held)
        {
            return Problems.Conflict($"Only held comments can be rejected; this one is {EnumNames.Of(comment.Status)}.");
        }
        comment.Status = CommentStatus.Rejected;
        comment.ModeratedAt = clock.GetUtcNow();
        return await TrySaveAsync(db, cancellationToken)
            ? TypedResults.Ok(CommentResponse.From(comment))
            : Problems.Conflict("Another editor moderated this comment at the same time.");
    }

    /// <summary>The status is a concurrency token: two editors deciding at once cannot both win (nor publish twice).</summary>
    private static async Task<bool> TrySaveAsync(FeedbackDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
