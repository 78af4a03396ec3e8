using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages;

/// <summary>
/// Search results for the box in every page's header: reports matching what the reader typed, then those that spell a
/// word differently (kh/h and the like), with highlighted snippets. The page is per query and never public.
/// </summary>
public sealed class SearchModel(SearchApi search) : PageModel
{
    public const int PageSize = 20;

    /// <summary>The last page number whose offset the service still accepts.</summary>
    public const int MaxPage = SearchApi.MaxOffset / PageSize + 1;

    public string Query { get; private set; } = "";

    public int PageNumber { get; private set; } = 1;

    public SearchResults? Results { get; private set; }

    /// <summary>Why the query could not be searched, shown beside the search field.</summary>
    public string? Problem { get; private set; }

    public bool HasMore => Results?.NextOffset is not null && PageNumber < MaxPage;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-cache";
        // Read by hand: a repeated or malformed parameter is the reader's typing, answered with a message, not a binding failure.
        var q = Request.Query["q"];
        var page = Request.Query["page"];
        Query = (q.Count > 0 ? q[0] : null)?.Trim() ?? "";
        if (q.Count > 1 || page.Count > 1)
        {
            return Refuse("Search one thing at a time: the address has a parameter more than once.");
        }
        if (page.Count == 1)
        {
            if (!int.TryParse(page[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > MaxPage)
            {
                return Refuse($"There is no such page of results. Pages run from 1 to {MaxPage}.");
            }
            PageNumber = number;
        }
        if (Query.Length > SearchApi.MaxQueryLength)
        {
            return Refuse($"That search is {Query.Length} characters long. Use at most {SearchApi.MaxQueryLength}: a few words work best.");
        }
        if (Query.Length == 0)
        {
            return Page();
        }

        var found = await search.SearchAsync(Query, (PageNumber - 1) * PageSize, PageSize, cancellationToken);
        if (!found.Succeeded)
        {
            // The service refuses a query with no word in it ("!!!"), which the reader can fix here.
            return Refuse(found.Problem!.ErrorFor("q") is not null
                ? "Type at least one word (letters or digits) to search for."
                : found.Problem.Message, found.Problem.Status);
        }
        Results = found.Value;
        return Page();
    }

    private PageResult Refuse(string problem, int status = StatusCodes.Status400BadRequest)
    {
        Problem = problem;
        Results = null;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>
    /// The service's snippet reduced to text plus marks: every piece between the exact <c>&lt;mark&gt;</c> and
    /// <c>&lt;/mark&gt;</c> tags the service uses is decoded to text and encoded again, so any other markup, however it
    /// got there, shows as text; the marks are re-emitted only as balanced pairs.
    /// </summary>
    public static string SnippetHtml(string snippet)
    {
        const string open = "<mark>";
        const string close = "</mark>";
        var html = new StringBuilder(snippet.Length + 16);
        var marked = false;
        var position = 0;
        while (position < snippet.Length)
        {
            var nextOpen = snippet.IndexOf(open, position, StringComparison.Ordinal);
            var nextClose = snippet.IndexOf(close, position, StringComparison.Ordinal);
            var next = nextOpen < 0 ? nextClose : nextClose < 0 ? nextOpen : Math.Min(nextOpen, nextClose);
            var end = next < 0 ? snippet.Length : next;
            html.Append(WebUtility.HtmlEncode(WebUtility.HtmlDecode(snippet[position..end])));
            if (next < 0)
            {
                break;
            }
            var opening = next == nextOpen;
            if (opening != marked)
            {
                html.Append(opening ? open : close);
                marked = opening;
            }
            position = next + (opening ? open.Length : close.Length);
        }
        if (marked)
        {
            html.Append(close);
        }
        return html.ToString();
    }
}
