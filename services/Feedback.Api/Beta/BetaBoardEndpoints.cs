using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Feedback.Moderation;
using Nojor.Feedback.Readers;

namespace Nojor.Feedback.Beta;

/// <summary>An idea as the public board shows it: never its sender, contact email or page.</summary>
/// <param name="VotedByYou">Whether the reader whose token came with the request voted for it; null without a token.</param>
public sealed record BoardIdea(Guid Id, string Text, string Status, string? PublicReply, int Votes, DateTimeOffset ReceivedAt,
    DateTimeOffset? TriagedAt, bool? VotedByYou);

public sealed record BoardPage(IReadOnlyList<BoardIdea> Items, string? NextCursor);

/// <summary>
/// The public beta board: ideas with their votes, triage status and the editors' public reply, most voted first, then
/// newest. Readers wrote these texts and everyone sees them, so an idea the comment filter would hold (links, banned
/// words, runs of one character) stays off the board until an editor has triaged it.
/// </summary>
/// <remarks>
/// The filter is applied as the board is read, not stored with the idea: ideas arrive through the ingest's bulk
/// COPY, edits within the window are judged again at once, and a change to the filter's settings applies to every
/// idea. So the rows are read in board order in chunks and filtered here; the cursor is the position in that order
/// where the page stopped. Votes change the order between pages, so a busy board may repeat or skip an idea across
/// pages, which a reader only notices as a vote count moving.
/// </remarks>
public static class BetaBoardEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;
    private const int MaxCursor = 1_000_000;
    private const int ChunksPerPage = 5;

    public static RouteGroupBuilder MapBetaBoard(this RouteGroupBuilder feedback)
    {
        feedback.MapGet("/board", List).WithName("GetBetaBoard")
            .WithSummary("The public beta board: ideas with votes, triage status and the editors' public reply")
            .WithDescription("Most voted first, then newest; status narrows to one triage status. Ideas the comment filter would hold "
                + "appear once an editor has triaged them. With a reader token, votedByYou tells whether that reader voted. nextCursor "
                + "continues.");
        return feedback;
    }

    private static async Task<Results<Ok<BoardPage>, ValidationProblem>> List(int? limit, string? cursor, string? status, ReaderIdentity? reader,
        FeedbackDbContext db, CommentModerator moderator, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"limit runs from 1 to {MaxLimit}.");
        }
        var start = 0;
        if (cursor is not null && !(int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out start) && start <= MaxCursor))
        {
            errors.Add("cursor", "cursor is not one this service handed out.");
        }
        TriageStatus? only = null;
        if (status is not null)
        {
            errors.RequireEnum<TriageStatus>("status", status, out var parsed);
            only = parsed;
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var take = limit ?? DefaultLimit;
        var ideas = db.BetaFeedback.AsNoTracking().Where(f => f.Kind == FeedbackKind.Idea && f.DeletedAt == null);
        if (only is { } wanted)
        {
            ideas = ideas.Where(f => f.Status == wanted);
        }
        var ordered = ideas
            .Select(f => new { f.Id, f.Text, f.Status, f.PublicReply, Votes = db.IdeaVotes.Count(v => v.FeedbackId == f.Id), f.ReceivedAt, f.TriagedAt })
            .OrderByDescending(r => r.Votes).ThenByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id);

        // One more than the page shows tells whether there is a next page.
        var shown = new List<Row>(take + 1);
        var position = start;
        var stop = start;
        var chunk = 2 * take;
        var exhausted = false;
        for (var pass = 0; pass < ChunksPerPage && shown.Count <= take && !exhausted; pass++)
        {
            var rows = (await ordered.Skip(position).Take(chunk).ToListAsync(cancellationToken))
                .Select(r => new Row(r.Id, r.Text, r.Status, r.PublicReply, r.Votes, r.ReceivedAt, r.TriagedAt)).ToList();
            exhausted = rows.Count < chunk;
            foreach (var row in rows)
            {
                position++;
                if (!IsPublic(row, moderator))
                {
                    continue;
                }
                if (shown.Count == take)
                {
                    shown.Add(row);
                    break;
                }
                shown.Add(row);
                stop = position;
            }
        }
        if (shown.Count <= take)
        {
            // Nothing visible beyond the page in what was read: the page is the last unless the reading stopped early.
            stop = position;
        }
        var more = shown.Count > take || !exhausted;
        var page = shown.Take(take).ToList();

        HashSet<Guid>? voted = null;
        if (reader is not null)
        {
            var ids = page.Select(r => r.Id).ToList();
            voted = [.. await db.IdeaVotes.Where(v => v.ReaderId == reader.Id && ids.Contains(v.FeedbackId)).Select(v => v.FeedbackId)
                .ToListAsync(cancellationToken)];
        }
        var items = page.Select(r => new BoardIdea(r.Id, r.Text, EnumNames.Of(r.Status), r.PublicReply, r.Votes, r.ReceivedAt, r.TriagedAt,
            voted?.Contains(r.Id))).ToList();
        return TypedResults.Ok(new BoardPage(items, more ? stop.ToString(CultureInfo.InvariantCulture) : null));
    }

    /// <summary>Triaged ideas are public (an editor has seen them); new ones only if the comment filter would publish them.</summary>
    private static bool IsPublic(Row row, CommentModerator moderator) =>
        row.Status != TriageStatus.New || moderator.Check(row.Text, ReaderHistory.Empty).Count == 0;

    private sealed record Row(Guid Id, string Text, TriageStatus Status, string? PublicReply, int Votes, DateTimeOffset ReceivedAt,
        DateTimeOffset? TriagedAt);
}
