using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Shared;

namespace Nojor.Web.Pages.Tags;

/// <summary>The reports carrying one tag, newest first. A tag no published report carries has no page.</summary>
[PublicPage]
public sealed class TagModel(ArticleApi articles) : ArticleListPageModel
{
    /// <summary>The article service's longest tag.</summary>
    private const int MaxTagLength = 64;

    public string Tag { get; private set; } = "";

    public override string ListPath => "/tags/" + Uri.EscapeDataString(Tag);

    public async Task<IActionResult> OnGetAsync(string tag, CancellationToken cancellationToken)
    {
        // Tags are stored lowercase; the page answers for any spelling of one, under its lowercase address.
        Tag = tag.Trim().ToLowerInvariant();
        if (Tag.Length is 0 or > MaxTagLength)
        {
            return NotFound();
        }
        if (await LoadReportsAsync(articles, new ArticleQuery(Tag: Tag), cancellationToken) is { } refused)
        {
            return refused;
        }
        return Cursor is null && Reports.Items.Count == 0 ? NotFound() : Page();
    }
}
