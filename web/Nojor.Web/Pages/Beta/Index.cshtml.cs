using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Readers;

namespace Nojor.Web.Pages.Beta;

/// <summary>
/// The public beta board: readers' ideas, most voted first, with their triage status and the editors' reply, and a
/// vote button per idea (post, 303 back to the idea with a message; <c>beta.js</c> votes without the reload). The page
/// shows the reader's own votes, so it is never public.
/// </summary>
public sealed class IndexModel(BetaFeedbackApi beta, ReaderSession reader) : PageModel
{
    public BoardPage Board { get; private set; } = new([], null);

    /// <summary>The triage status the board is narrowed to, or null for every idea.</summary>
    public string? Status { get; private set; }

    public string? Cursor { get; private set; }

    /// <summary>The idea the last vote was about, and what became of it (voted, already, retry, gone).</summary>
    public (Guid Idea, string Outcome)? LastVote { get; private set; }

    /// <summary>A message about the whole page (a refused address, too many votes).</summary>
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-cache";
        if (!ReadView(Request.Query["status"], Request.Query["cursor"]))
        {
            return Refused(StatusCodes.Status400BadRequest, "There is no such list of ideas. Start again from the whole board.");
        }
        foreach (var outcome in VoteOutcomes.All)
        {
            if (Guid.TryParse(Request.Query[outcome], out var idea))
            {
                LastVote = (idea, outcome);
            }
        }
        return await ShowAsync(StatusCodes.Status200OK, cancellationToken);
    }

    public async Task<IActionResult> OnPostVoteAsync(CancellationToken cancellationToken)
    {
        var form = await Request.ReadFormAsync(cancellationToken);
        if (!Guid.TryParse(form["id"], out var idea) || !ReadView(form["status"], form["cursor"]))
        {
            return Refused(StatusCodes.Status400BadRequest, "That vote did not say which idea it was for. Choose the idea again.");
        }
        var token = await reader.EnsureTokenAsync(cancellationToken);
        var counted = token.Succeeded ? await beta.VoteAsync(idea, reader.Authorize, cancellationToken) : token.Problem!;
        string outcome;
        switch (counted.Problem?.Status)
        {
            case null:
                outcome = VoteOutcomes.Voted;
                break;
            case StatusCodes.Status409Conflict:
                outcome = VoteOutcomes.Already;
                break;
            case StatusCodes.Status401Unauthorized:
                // A stale or forged token: forgotten, so the next vote starts a new session.
                reader.Forget();
                outcome = VoteOutcomes.Retry;
                break;
            case StatusCodes.Status404NotFound or StatusCodes.Status422UnprocessableEntity:
                outcome = VoteOutcomes.Gone;
                break;
            case StatusCodes.Status429TooManyRequests:
                if (WantsJson)
                {
                    return VoteJson(StatusCodes.Status429TooManyRequests, VoteOutcomes.Busy, null);
                }
                Notice = VoteOutcomes.Message(VoteOutcomes.Busy);
                return await ShowAsync(StatusCodes.Status429TooManyRequests, cancellationToken);
            default:
                return Refused(counted.Problem.Status, counted.Problem.Message);
        }
        if (WantsJson)
        {
            // A second vote says nothing of the count; the script shows the current one rather than the page's stale one.
            var votes = outcome == VoteOutcomes.Already ? (await beta.GetItemAsync(idea, cancellationToken)).Value?.Votes : counted.Value?.Votes;
            return VoteJson(outcome == VoteOutcomes.Voted ? StatusCodes.Status200OK : StatusCodes.Status409Conflict, outcome, votes);
        }
        Response.Headers.Location = $"/beta?{ViewQuery()}{outcome}={idea}#idea-{idea}";
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>The address of this view of the board with more query parameters appended (ends with '&amp;' or is empty).</summary>
    public string ViewQuery() =>
        (Status is null ? "" : $"status={Uri.EscapeDataString(Status)}&") + (Cursor is null ? "" : $"cursor={Uri.EscapeDataString(Cursor)}&");

    private bool WantsJson => Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private bool ReadView(Microsoft.Extensions.Primitives.StringValues status, Microsoft.Extensions.Primitives.StringValues cursor)
    {
        if (status.Count > 1 || cursor.Count > 1)
        {
            return false;
        }
        Status = string.IsNullOrEmpty(status) ? null : status.ToString();
        Cursor = string.IsNullOrEmpty(cursor) ? null : cursor.ToString();
        return (Status is null || TriageStatuses.IsKnown(Status)) && Cursor is not { Length: > 20 };
    }

    private async Task<IActionResult> ShowAsync(int status, CancellationToken cancellationToken)
    {
        var board = await beta.BoardAsync(Status, Cursor, reader.Authorize, cancellationToken);
        if (!board.Succeeded)
        {
            // A cursor the service did not hand out (typed or truncated): the reader starts from the top.
            Status = null;
            Cursor = null;
            return Refused(board.Problem!.Status, "There is no such list of ideas. Start again from the whole board.");
        }
        Board = board.Value ?? Board;
        Response.StatusCode = status;
        return Page();
    }

    private PageResult Refused(int status, string message)
    {
        Notice = message;
        Board = new([], null);
        Response.StatusCode = status;
        return Page();
    }

    private JsonResult VoteJson(int status, string outcome, int? votes) =>
        new(new { outcome, votes, message = VoteOutcomes.Message(outcome) }) { StatusCode = status };
}

/// <summary>What a vote came to, as the page's query flag, the script's JSON and the sentence the reader reads.</summary>
public static class VoteOutcomes
{
    public const string Voted = "voted";
    public const string Already = "already";
    public const string Retry = "retry";
    public const string Gone = "gone";
    public const string Busy = "busy";

    public static readonly string[] All = [Voted, Already, Retry, Gone];

    public static string Message(string outcome) => outcome switch
    {
        Voted => "Thank you: your vote is counted.",
        Already => "You have already voted for this idea. Each reader has one vote per idea.",
        Retry => "We could not recognise your reader session, so the vote was not counted. Please vote again.",
        Gone => "That idea is no longer on the board.",
        _ => "You have voted a lot in a short time. Wait a minute and try again.",
    };
}
