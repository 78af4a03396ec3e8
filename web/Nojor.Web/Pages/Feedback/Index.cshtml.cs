using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Readers;

namespace Nojor.Web.Pages.Feedback;

/// <summary>
/// The beta feedback form, linked from the banner on every page with the page's path. Sent feedback ends on the
/// thank-you page (post, 303, get); a refused form comes back with the reader's text and a message beside each field.
/// </summary>
public sealed class IndexModel(BetaFeedbackApi feedback, ReaderSession reader) : PageModel
{
    // Not "page": Razor Pages keeps that name for its own route value.
    [BindProperty(Name = "kind")]
    public string? Kind { get; set; }

    [BindProperty(Name = "text")]
    public string? Text { get; set; }

    [BindProperty(Name = "about")]
    public string? About { get; set; }

    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    /// <summary>Messages per form field (kind, text, about, email), in the order of the form.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>A refusal that is about no single field (too many sends, a session to start again).</summary>
    public string? Notice { get; private set; }

    public void OnGet()
    {
        // The form is pre-filled from the address, and carries a per-reader token once the reader has one.
        Response.Headers.CacheControl = "private, no-cache";
        var page = Request.Query["page"];
        About = page.Count == 1 && page[0] is { Length: > 0 and <= BetaFeedbackApi.PageMaxLength } path ? path : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Text = Text?.Trim();
        About = string.IsNullOrWhiteSpace(About) ? null : About.Trim();
        Email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim();
        Validate();
        if (Errors.Count > 0)
        {
            return Refused(StatusCodes.Status422UnprocessableEntity);
        }

        // A token lets the sender's later actions (a vote) count as theirs, and the service budget each reader separately.
        var token = await reader.EnsureTokenAsync(cancellationToken);
        if (!token.Succeeded)
        {
            return Busy(token.Problem!);
        }
        var sent = await feedback.SendAsync(new SendFeedback(Kind!, Text!, About, Email), reader.Authorize, cancellationToken);
        if (!sent.Succeeded)
        {
            var problem = sent.Problem!;
            if (problem.Errors is { Count: > 0 })
            {
                AddError("kind", problem.ErrorFor("kind"));
                AddError("text", problem.ErrorFor("text"));
                AddError("about", problem.ErrorFor("page"));
                AddError("email", problem.ErrorFor("contactEmail"));
                if (Errors.Count == 0)
                {
                    Notice = problem.Message;
                }
                return Refused(StatusCodes.Status422UnprocessableEntity);
            }
            return Busy(problem);
        }

        var thanks = $"/feedback/thanks?kind={Uri.EscapeDataString(Kind!)}";
        if (About is { } about && Url.IsLocalUrl(about))
        {
            thanks += "&back=" + Uri.EscapeDataString(about);
        }
        Response.Headers.Location = thanks;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private void Validate()
    {
        if (!FeedbackKinds.IsKnown(Kind))
        {
            Errors["kind"] = "Choose what kind of feedback this is.";
        }
        if (string.IsNullOrEmpty(Text))
        {
            Errors["text"] = "Write what you would like to tell us.";
        }
        else if (Text.Length > BetaFeedbackApi.TextMaxLength)
        {
            Errors["text"] = $"Shorten your feedback to {BetaFeedbackApi.TextMaxLength:N0} characters or fewer; it has {Text.Length:N0}.";
        }
        if (About is { Length: > BetaFeedbackApi.PageMaxLength })
        {
            Errors["about"] = $"The page address can have at most {BetaFeedbackApi.PageMaxLength:N0} characters.";
        }
        if (Email is not null && !IsEmail(Email))
        {
            Errors["email"] = "Enter an e-mail address like name@example.org, or leave the field empty.";
        }
    }

    private static bool IsEmail(string text) =>
        text.Length <= BetaFeedbackApi.EmailMaxLength && MailAddress.TryCreate(text, out var address) && address.Address == text
        && address.Host.Contains('.', StringComparison.Ordinal);

    private void AddError(string field, string? message)
    {
        if (message is not null)
        {
            Errors.TryAdd(field, message);
        }
    }

    /// <summary>The service refused the send as a whole: too many in a short time, or something the reader cannot fix here.</summary>
    private PageResult Busy(ApiProblem problem)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            reader.Forget();
        }
        Notice = problem.Status == StatusCodes.Status429TooManyRequests
            ? "You have sent a lot in a short time. Wait a minute, then send it again: your text is still here."
            : $"We could not send your feedback: {problem.Message} Your text is still here; try again in a moment.";
        return Refused(problem.Status is >= 400 and < 500 ? problem.Status : StatusCodes.Status400BadRequest);
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
