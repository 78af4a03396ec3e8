namespace Nojor.Web.Api;

// The feedback service's beta shapes, as its OpenAPI document describes them. Only what pages use is kept.

/// <summary>The kinds of beta feedback, in the order the form offers them, with the words it uses.</summary>
public static class FeedbackKinds
{
    public static readonly IReadOnlyList<(string Value, string Label, string Hint)> All =
    [
        ("bug", "Something is broken", "A page, link or feature that does not work as it should."),
        ("idea", "An idea", "Something you would like Nojor to do. Ideas appear on the public beta board."),
        ("praise", "Something works well", "Tell us what to keep."),
        ("other", "Something else", "Anything that fits none of the above."),
    ];

    public static bool IsKnown(string? kind) => All.Any(k => k.Value == kind);
}

public sealed record SendFeedback(string Kind, string Text, string? Page, string? ContactEmail);

public sealed record FeedbackSent(Guid Id, string Kind, string Status);

/// <summary>An idea on the public board; <see cref="VotedByYou"/> is null when the reader sent no token.</summary>
public sealed record BoardIdea(Guid Id, string Text, string Status, string? PublicReply, int Votes, DateTimeOffset ReceivedAt,
    DateTimeOffset? TriagedAt, bool? VotedByYou);

public sealed record BoardPage(IReadOnlyList<BoardIdea> Items, string? NextCursor);

public sealed record VoteCounted(Guid FeedbackId, int Votes);

public sealed record FeedbackItem(Guid Id, string Kind, string Text, string Status, string? PublicReply, int Votes);

/// <summary>The triage statuses of the board, in workflow order, with the words the page uses.</summary>
public static class TriageStatuses
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("new", "New"),
        ("triaged", "Triaged"),
        ("planned", "Planned"),
        ("done", "Done"),
        ("declined", "Declined"),
    ];

    public static string Label(string status) => All.FirstOrDefault(s => s.Value == status).Label ?? status;

    public static bool IsKnown(string? status) => All.Any(s => s.Value == status);
}
