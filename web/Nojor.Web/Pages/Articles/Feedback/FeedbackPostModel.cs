using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Readers;

namespace Nojor.Web.Pages.Articles.Feedback;

/// <summary>
/// What every feedback form's POST target shares. A plain post ends in a 303 back to the report, with the confirmation
/// in TempData; a refusal renders a page of its own (with its status code) that shows the form again with what the
/// reader wrote and a message beside the field. <c>feedback.js</c> posts the same form with <see cref="FragmentHeader"/>
/// and gets the feedback component's HTML instead, to put in place without a reload.
/// </summary>
public abstract class FeedbackPostModel(ArticleApi articles, ReaderSession reader) : PageModel
{
    /// <summary>Sent by <c>feedback.js</c>: answer with the component's fragment, not a redirect or a whole page.</summary>
    public const string FragmentHeader = "X-Nojor-Fragment";

    /// <summary>Tells <c>feedback.js</c> which form of the fragment the outcome belongs to (the one to put in place).</summary>
    public const string FormHeader = "X-Nojor-Feedback-Form";

    [FromRoute(Name = "slug")]
    public string Slug { get; set; } = "";

    public Article Article { get; private set; } = null!;

    /// <summary>The refusal page's heading: what did not happen.</summary>
    public abstract string Heading { get; }

    protected ReaderSession Reader { get; } = reader;

    protected bool WantsFragment => Request.Headers.ContainsKey(FragmentHeader);

    protected string ReportPath => "/articles/" + Uri.EscapeDataString(Article?.Slug ?? Slug);

    /// <summary>The form's address opened directly (a bookmark, a reload of a refusal page): the report is where the form is.</summary>
    public IActionResult OnGet() => Redirect("/articles/" + Uri.EscapeDataString(Slug) + "#feedback");

    /// <summary>Loads the report the form is about; an unknown slug is the not-found page.</summary>
    protected async Task<bool> FindArticleAsync(CancellationToken cancellationToken)
    {
        // What the reader sent, or the refusal that echoes it, is theirs alone: never kept by a cache.
        Response.Headers.CacheControl = "no-store";
        var found = await articles.GetAsync(Slug, cancellationToken);
        if (found.Value is null)
        {
            return false;
        }
        Article = found.Value;
        return true;
    }

    /// <summary>
    /// The reader's token, issued (and the cookie set) on their first action; null with the refusal to answer when the
    /// feedback service would not issue one (busy, or too many new readers from one address).
    /// </summary>
    protected async Task<IActionResult?> EnsureReaderAsync(FeedbackFormState state, CancellationToken cancellationToken)
    {
        var known = Reader.HasToken;
        var token = await Reader.EnsureTokenAsync(cancellationToken);
        if (!token.Succeeded)
        {
            return Refuse(state, token.Problem!);
        }
        if (!known)
        {
            // A new reader: a record left from an earlier token in this browser is not theirs.
            MyFeedback.Forget(HttpContext);
        }
        return null;
    }

    /// <summary>Shows the form again with the field messages collected here (the service was not called).</summary>
    protected IActionResult Invalid(FeedbackFormState state) => Show(state, StatusCodes.Status400BadRequest);

    /// <summary>Turns the feedback service's refusal into what the reader reads beside the form, with a fitting status.</summary>
    protected IActionResult Refuse(FeedbackFormState state, ApiProblem problem)
    {
        var status = problem.Status;
        switch (problem.Status)
        {
            case StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity when problem.Errors is { Count: > 0 }:
                foreach (var (field, messages) in problem.Errors)
                {
                    state.Errors[field] = ReaderWording(field, messages.FirstOrDefault());
                }
                break;
            case StatusCodes.Status401Unauthorized:
                // The reader cookie held a token the service does not know (expired, or not one it issued). Drop it and
                // what was recorded under it; sending again issues a new one.
                Reader.Forget();
                MyFeedback.Forget(HttpContext);
                state.Message = "We did not recognise this browser, so nothing was saved. Please send it again.";
                status = StatusCodes.Status400BadRequest;
                break;
            case StatusCodes.Status429TooManyRequests:
                state.Message = "You have sent a lot in a short time. Wait a minute, then send it again.";
                break;
            case StatusCodes.Status404NotFound:
                // The feedback service learns of new reports from the article events, a moment after publication.
                state.Message = "This report is not open for feedback yet. Try again in a moment.";
                status = StatusCodes.Status409Conflict;
                break;
            case StatusCodes.Status409Conflict:
                state.Message = "This report was retracted, so it takes no more feedback.";
                break;
            default:
                state.Message = problem.Message;
                break;
        }
        return Show(state, status);
    }

    /// <summary>The post went through: back to the report (303), or, for the script, the updated component.</summary>
    protected IActionResult Done(FeedbackFormState state, string confirmation, string? anchor = null)
    {
        state.Succeeded = true;
        state.Message = confirmation;
        if (WantsFragment)
        {
            return Show(state, StatusCodes.Status200OK);
        }
        TempData[FeedbackFormState.TempDataForm] = state.Key;
        TempData[FeedbackFormState.TempDataMessage] = confirmation;
        Response.Headers.Location = ReportPath + "#" + (anchor ?? state.FormId);
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Shows the component with the form's outcome: inside the refusal page, or alone for the script.</summary>
    protected IActionResult Show(FeedbackFormState state, int status)
    {
        HttpContext.Items[FeedbackFormState.ItemsKey] = state;
        if (WantsFragment)
        {
            Response.Headers[FormHeader] = state.FormId;
            return new ViewComponentResult
            {
                ViewComponentName = "ArticleFeedback",
                Arguments = new { article = Article },
                StatusCode = status,
            };
        }
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    /// <summary>The service names fields as the API does ("text is required."); readers get plain sentences.</summary>
    private static string ReaderWording(string field, string? serviceMessage) => field switch
    {
        FeedbackFormState.Fields.Value => "Choose a rating from 1 to 5.",
        FeedbackFormState.Fields.Kind => "Choose helpful or not helpful.",
        FeedbackFormState.Fields.ParentId => "Replies go under a comment, not under another reply.",
        FeedbackFormState.Fields.SourceUrl => "Give the source as a web address starting with http:// or https://.",
        _ => serviceMessage ?? "Check this field.",
    };

    /// <summary>Browsers send line breaks as CR LF; the service counts characters, and a reader counts lines as one each.</summary>
    protected static string? Normalise(string? text) => text?.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The reader-worded check of a required text field against the service's limit; null when it passes.</summary>
    protected static string? CheckText(string? text, int maxLength, string missing, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return missing;
        }
        return text.Length > maxLength
            ? string.Create(CultureInfo.InvariantCulture, $"{what} is {text.Length:N0} characters long; shorten it to {maxLength:N0} or fewer.")
            : null;
    }
}
