using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Feedback;

/// <summary>Where sent feedback lands (after the 303): thanks, and what happens next for that kind of feedback.</summary>
public sealed class ThanksModel : PageModel
{
    /// <summary>The kind sent, or null for an address someone typed or changed.</summary>
    public string? Kind { get; private set; }

    /// <summary>The page the reader came from, when it is one of ours.</summary>
    public string? Back { get; private set; }

    public void OnGet()
    {
        var kind = Request.Query["kind"];
        Kind = kind.Count == 1 && FeedbackKinds.IsKnown(kind[0]) ? kind[0] : null;
        var back = Request.Query["back"];
        Back = back.Count == 1 && back[0] is { Length: <= BetaFeedbackApi.PageMaxLength } path && Url.IsLocalUrl(path) ? path : null;
        Response.Headers.CacheControl = "private, no-cache";
    }
}
