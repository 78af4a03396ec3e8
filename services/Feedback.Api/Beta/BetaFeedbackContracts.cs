using Nojor.Feedback.Http;

namespace Nojor.Feedback.Beta;

public sealed record SendFeedbackRequest(string? Kind, string? Text, string? Page, string? ContactEmail);

public sealed record EditFeedbackRequest(string? Text, string? Page);

public sealed record TriageRequest(string? Status, string? PublicReply);

/// <summary>The public view of beta feedback; the contact email stays with the editors.</summary>
public sealed record FeedbackResponse(Guid Id, string Kind, string Text, string? Page, string Status, string? PublicReply, int Votes,
    DateTimeOffset ReceivedAt, DateTimeOffset? EditedAt)
{
    public static FeedbackResponse From(BetaFeedback feedback, int votes = 0) =>
        new(feedback.Id, EnumNames.Of(feedback.Kind), feedback.Text, feedback.Page, EnumNames.Of(feedback.Status), feedback.PublicReply, votes,
            feedback.ReceivedAt, feedback.EditedAt);
}

public sealed record VoteResponse(Guid FeedbackId, int Votes);
