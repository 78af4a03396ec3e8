using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Shared;

/// <summary>
/// What the section, tag, place and story pages share: one page of the filtered report list and the cursor that
/// continues it ("More reports").
/// </summary>
public abstract class ArticleListPageModel : PageModel
{
    public const int PageSize = 20;

    /// <summary>The article service's cursors are short base64url strings; anything much longer is refused unread.</summary>
    private const int MaxCursorLength = 100;

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public ArticleList Reports { get; protected set; } = new([], null);

    /// <summary>This page's path, which "More reports" continues with <c>?cursor=</c>.</summary>
    public abstract string ListPath { get; }

    /// <summary>
    /// Loads one page of reports. A cursor the service refuses (not one it issued) gives the error page with the
    /// service's status (400), never a 5xx.
    /// </summary>
    protected async Task<IActionResult?> LoadReportsAsync(ArticleApi articles, ArticleQuery query, CancellationToken cancellationToken)
    {
        if (Cursor is { Length: > MaxCursorLength })
        {
            return StatusCode(StatusCodes.Status400BadRequest);
        }
        var list = await articles.ListAsync(query with { Limit = PageSize, Cursor = Cursor }, cancellationToken);
        if (!list.Succeeded)
        {
            return StatusCode(list.Problem!.Status);
        }
        Reports = list.Value ?? Reports;
        return null;
    }
}
