using Microsoft.AspNetCore.Http.HttpResults;
using Nojor.Contracts;
using Nojor.Feedback.Data;
using Nojor.Messaging.Outbox;

namespace Nojor.Feedback.Beta;

public sealed record SendFeedbackRequest(string? Kind, string? Text, string? Page);

public sealed record FeedbackResponse(Guid Id, string Kind, string Text, string? Page, DateTimeOffset ReceivedAt)
{
    public static FeedbackResponse From(BetaFeedback feedback) =>
        new(feedback.Id, feedback.Kind.ToString().ToLowerInvariant(), feedback.Text, feedback.Page, feedback.ReceivedAt);
}

public static class BetaFeedbackEndpoints
{
    public const string BasePath = "/api/feedback";

    public static IEndpointRouteBuilder MapBetaFeedbackEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Beta feedback");
        group.MapPost("/", Send).WithName("SendBetaFeedback");
        group.MapGet("/{id:guid}", Get).WithName("GetBetaFeedback");
        return routes;
    }

    private static async Task<Results<Created<FeedbackResponse>, ValidationProblem>> Send(
        SendFeedbackRequest request, FeedbackDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<FeedbackKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
        {
            errors["kind"] = ["Kind is one of bug, idea, praise, other."];
        }
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            errors["text"] = ["Text is required."];
        }
        else if (request.Text.Length > BetaFeedback.TextMaxLength)
        {
            errors["text"] = [$"Text has at most {BetaFeedback.TextMaxLength} characters."];
        }
        if (request.Page is { Length: > BetaFeedback.PageMaxLength })
        {
            errors["page"] = [$"Page has at most {BetaFeedback.PageMaxLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        var feedback = new BetaFeedback { Id = Guid.CreateVersion7(now), Kind = kind, Text = request.Text!.Trim(), Page = request.Page, ReceivedAt = now };
        db.BetaFeedback.Add(feedback);
        db.AddIntegrationEvent(new FeedbackReceived(feedback.Id, FeedbackResponse.From(feedback).Kind, feedback.Text, feedback.Page, now), clock);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{BasePath}/{feedback.Id}", FeedbackResponse.From(feedback));
    }

    private static async Task<Results<Ok<FeedbackResponse>, ProblemHttpResult>> Get(Guid id, FeedbackDbContext db, CancellationToken cancellationToken)
    {
        var feedback = await db.BetaFeedback.FindAsync([id], cancellationToken);
        return feedback is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No feedback has the id {id}.")
            : TypedResults.Ok(FeedbackResponse.From(feedback));
    }
}
