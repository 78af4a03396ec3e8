using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Contracts;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Feedback.Moderation;
using Nojor.Feedback.Readers;
using Nojor.Hosting;
using Nojor.Messaging.Outbox;

namespace Nojor.Feedback.Comments;

public static class CommentEndpoints
{
    public const string CommentsPath = "/api/feedback/comments";
    private const int ThreadLimit = 500;

    public static RouteGroupBuilder MapArticleCommentEndpoints(this RouteGroupBuilder article)
    {
        article.MapPost("/comments", Post).WithName("PostComment")
            .WithSummary("Comment on a report, or reply to a top-level comment")
            .WithDescription("The comment passes the moderation filter (links, banned words, repeated text, posting rate): "
                + "status published means it is public, held means it waits for an editor. Replies go one level deep.");
        article.MapGet("/comments", List).WithName("ListComments")
            .WithSummary("Published comments on a report, oldest first, with their replies");
        return article;
    }

    public static IEndpointRouteBuilder MapCommentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(CommentsPath).WithTags("Comments");
        group.MapPut("/{id:guid}", Edit).WithName("EditComment").WithSummary("Edit your own comment within the edit window");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteComment").WithSummary("Delete your own comment within the edit window");
        return routes;
    }

    private static async Task<Results<Created<CommentResponse>, ValidationProblem, ProblemHttpResult>> Post(
        Guid articleId, PostCommentRequest request, ReaderIdentity? reader, [AsParameters] CommentServices services)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var errors = new InputErrors().RequireText("text", request.Text, Comment.TextMaxLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (article, problem) = await ArticleReadModel.FindOpenAsync(services.Db, articleId, services.CancellationToken);
        if (article is null)
        {
            return problem!;
        }
        if (request.ParentId is { } parentId)
        {
            var parent = await services.Db.Comments.AsNoTracking().FirstOrDefaultAsync(
                c => c.Id == parentId && c.ArticleId == articleId && c.Status == CommentStatus.Published && c.DeletedAt == null,
                services.CancellationToken);
            if (parent is null)
            {
                return Problems.NotFound($"No published comment {parentId} on this report to reply to.");
            }
            if (parent.ParentId is not null)
            {
                return new InputErrors().Add("parentId", "Replies go one level deep: reply to the top-level comment.").ToProblem();
            }
        }

        var now = services.Clock.GetUtcNow();
        var text = request.Text!.Trim();
        var history = await LoadHistoryAsync(services.Db, reader.Id, now, services.Moderation.Value, services.CancellationToken);
        var reasons = services.Moderator.Check(text, history);
        var comment = new Comment
        {
            Id = Guid.CreateVersion7(now),
            ArticleId = articleId,
            ArticleVersion = article.Version,
            ReaderId = reader.Id,
            ParentId = request.ParentId,
            Text = text,
            Status = reasons.Count == 0 ? CommentStatus.Published : CommentStatus.Held,
            HeldFor = reasons.Count == 0 ? null : string.Join(", ", reasons),
            CreatedAt = now,
        };
        services.Db.Comments.Add(comment);
        if (comment.Status == CommentStatus.Published)
        {
            services.Db.AddIntegrationEvent(new CommentApproved(comment.Id, articleId, article.Slug, comment.ParentId, now), services.Clock);
        }
        await services.Db.SaveChangesAsync(services.CancellationToken);
        await services.Cache.InvalidateAsync(AggregateScopes.Article(articleId));
        return TypedResults.Created($"{CommentsPath}/{comment.Id}", CommentResponse.From(comment));
    }

    private static async Task<Results<Ok<CommentThread>, ProblemHttpResult>> List(Guid articleId, FeedbackDbContext db,
        CancellationToken cancellationToken)
    {
        if (!await db.KnownArticles.AnyAsync(a => a.ArticleId == articleId, cancellationToken))
        {
            return Problems.NotFound($"No published report has the id {articleId}.");
        }
        var visible = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Published && c.DeletedAt == null)
            .OrderBy(c => c.CreatedAt).Take(ThreadLimit)
            .ToListAsync(cancellationToken);
        var replies = visible.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId);
        var thread = visible.Where(c => c.ParentId is null)
            .Select(c => ToPublic(c, replies[c.Id].Select(r => ToPublic(r, [])).ToList()))
            .ToList();
        return TypedResults.Ok(new CommentThread(articleId, thread));
    }

    private static async Task<Results<Ok<CommentResponse>, ValidationProblem, ProblemHttpResult>> Edit(
        Guid id, EditCommentRequest request, ReaderIdentity? reader, [AsParameters] CommentServices services)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var errors = new InputErrors().RequireText("text", request.Text, Comment.TextMaxLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var comment = await services.Db.Comments.FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, services.CancellationToken);
        if (comment is null)
        {
            return Problems.NotFound($"No comment has the id {id}.");
        }
        var now = services.Clock.GetUtcNow();
        if (OwnedItem.RefuseChange(comment.ReaderId, comment.CreatedAt, reader, services.ReaderOptions.Value, now) is { } refused)
        {
            return refused;
        }
        if (comment.Status == CommentStatus.Rejected)
        {
            return Problems.Conflict("A rejected comment cannot be edited.");
        }
        comment.Text = request.Text!.Trim();
        comment.EditedAt = now;
        // An edit is filtered again for its content; rate and repeats were judged when it was posted.
        var reasons = services.Moderator.Check(comment.Text, ReaderHistory.Empty);
        if (reasons.Count > 0)
        {
            comment.Status = CommentStatus.Held;
            comment.HeldFor = string.Join(", ", reasons);
        }
        await services.Db.SaveChangesAsync(services.CancellationToken);
        await services.Cache.InvalidateAsync(AggregateScopes.Article(comment.ArticleId));
        return TypedResults.Ok(CommentResponse.From(comment));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, ReaderIdentity? reader, [AsParameters] CommentServices services)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var comment = await services.Db.Comments.FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, services.CancellationToken);
        if (comment is null)
        {
            return Problems.NotFound($"No comment has the id {id}.");
        }
        var now = services.Clock.GetUtcNow();
        if (OwnedItem.RefuseChange(comment.ReaderId, comment.CreatedAt, reader, services.ReaderOptions.Value, now) is { } refused)
        {
            return refused;
        }
        comment.DeletedAt = now;
        await services.Db.SaveChangesAsync(services.CancellationToken);
        await services.Cache.InvalidateAsync(AggregateScopes.Article(comment.ArticleId));
        return TypedResults.NoContent();
    }

    private static async Task<ReaderHistory> LoadHistoryAsync(FeedbackDbContext db, Guid readerId, DateTimeOffset now, ModerationOptions options,
        CancellationToken cancellationToken)
    {
        var rateSince = now - options.RateWindow;
        var repeatSince = now - options.RepeatWindow;
        var inRateWindow = await db.Comments.CountAsync(c => c.ReaderId == readerId && c.CreatedAt >= rateSince, cancellationToken);
        var recent = await db.Comments.Where(c => c.ReaderId == readerId && c.CreatedAt >= repeatSince)
            .OrderByDescending(c => c.CreatedAt).Take(50).Select(c => c.Text).ToListAsync(cancellationToken);
        return new ReaderHistory(inRateWindow, recent);
    }

    private static PublicComment ToPublic(Comment comment, IReadOnlyList<PublicComment> replies) =>
        new(comment.Id, comment.Text, comment.ArticleVersion, comment.CreatedAt, comment.EditedAt, replies);
}

/// <summary>The services posting, editing and deleting a comment use, bound as one parameter.</summary>
internal sealed record CommentServices(
    FeedbackDbContext Db,
    CommentModerator Moderator,
    AggregateCache Cache,
    IOptions<ModerationOptions> Moderation,
    IOptions<ReaderOptions> ReaderOptions,
    TimeProvider Clock,
    CancellationToken CancellationToken);
