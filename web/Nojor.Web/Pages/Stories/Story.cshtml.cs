using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Shared;

namespace Nojor.Web.Pages.Stories;

/// <summary>A developing story: its title and its reports, newest first, continued by the list's cursor.</summary>
[PublicPage]
public sealed class StoryModel(ArticleApi articles) : ArticleListPageModel
{
    public Story Story { get; private set; } = null!;

    public override string ListPath => "/stories/" + Story.Slug;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (!Slugs.IsWellFormed(slug))
        {
            return NotFound();
        }
        var story = articles.GetStoryAsync(slug, cancellationToken);
        var reports = LoadReportsAsync(articles, new ArticleQuery(Story: slug), cancellationToken);
        await Task.WhenAll(story, reports);
        if ((await story).Value is not { } found)
        {
            return NotFound();
        }
        Story = found;
        return await reports ?? Page();
    }
}
