using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Contracts;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Feedback.Readers;
using Nojor.Messaging.Outbox;

namespace Nojor.Feedback.Corrections;

public sealed record RequestCorrectionRequest(string? QuotedPassage, string? SuggestedFix, string? SourceUrl);

public sealed record CorrectionResponse(Guid Id, Guid ArticleId, int ArticleVersion, string QuotedPassage, string SuggestedFix,
    string? SourceUrl, DateTimeOffset RequestedAt)
{
    public static CorrectionResponse From(CorrectionRequest c) =>
        new(c.Id, c.ArticleId, c.ArticleVersion, c.QuotedPassage, c.SuggestedFix, c.SourceUrl, c.RequestedAt);
}

public sealed record CorrectionList(IReadOnlyList<CorrectionResponse> Items);

public static class CorrectionEndpoints
{
    public const string EditorPath = "/api/feedback/corrections";
    private const int PageSize = 200;

    public static RouteGroupBuilder MapArticleCorrectionEndpoints(this RouteGroupBuilder article)
    {
        article.MapPost("/corrections", Request).WithName("RequestCorrection")
            .WithSummary("Ask the editors to correct a passage (quoted passage, suggested fix, optional source link)")
            .WithDescription("Recorded with the report version the reader saw; editors are told through the CorrectionRequested event.");
        return article;
    }

    public static IEndpointRouteBuilder MapCorrectionEditorEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(EditorPath, List).WithTags("Corrections").WithName("ListCorrectionRequests")
            .RequireAuthorization(EditorAuthentication.EditorPolicy)
            .WithSummary("Correction requests, newest first, optionally for one report (editors)");
        return routes;
    }

    private static async Task<Results<Created<CorrectionResponse>, ValidationProblem, ProblemHttpResult>> Request(Guid articleId,
        RequestCorrectionRequest request, ReaderIdentity? reader, FeedbackDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var errors = new InputErrors()
            .RequireText("quotedPassage", request.QuotedPassage, CorrectionRequest.PassageMaxLength)
            .RequireText("suggestedFix", request.SuggestedFix, CorrectionRequest.PassageMaxLength)
            .OptionalHttpUrl("sourceUrl", request.SourceUrl);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (article, problem) = await ArticleReadModel.FindOpenAsync(db, articleId, cancellationToken);
        if (article is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        var correction = new CorrectionRequest
        {
            Id = Guid.CreateVersion7(now),
            ArticleId = articleId,
            ArticleVersion = article.Version,
            ReaderId = reader.Id,
            QuotedPassage = request.QuotedPassage!.Trim(),
            SuggestedFix = request.SuggestedFix!.Trim(),
            SourceUrl = request.SourceUrl,
            RequestedAt = now,
        };
        db.CorrectionRequests.Add(correction);
        db.AddIntegrationEvent(new CorrectionRequested(correction.Id, articleId, article.Slug, article.Version, correction.QuotedPassage,
            correction.SuggestedFix, correction.SourceUrl, now), clock);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{EditorPath}?articleId={articleId}", CorrectionResponse.From(correction));
    }

    private static async Task<Ok<CorrectionList>> List(Guid? articleId, FeedbackDbContext db, CancellationToken cancellationToken)
    {
        var query = db.CorrectionRequests.AsNoTracking();
        if (articleId is { } id)
        {
            query = query.Where(c => c.ArticleId == id);
        }
        var items = await query.OrderByDescending(c => c.RequestedAt).Take(PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CorrectionList(items.Select(CorrectionResponse.From).ToList()));
    }
}
