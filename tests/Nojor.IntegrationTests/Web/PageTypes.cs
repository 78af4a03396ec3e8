using Nojor.IntegrationTests.Articles;

namespace Nojor.IntegrationTests.Web;

/// <summary>One page of each type the reader web app renders, with content behind it, for the checks every page type must pass.</summary>
public sealed record PageType(string Name, string Path);

internal static class PageTypes
{
    /// <summary>
    /// Files a report (in a story, with a tag and a place at three levels) so every page type has something real to
    /// show, and returns the address of one page of each type.
    /// </summary>
    public static async Task<IReadOnlyList<PageType>> WithContentAsync(PlatformFixture platform)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var tag = $"quality-{unique}";
        var (report, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(
            $"Border guards reopen the mountain post {unique}",
            body: "Guards reopened the post on Friday after two days of talks. **Traders** said the first lorries crossed by noon.",
            places: new[] { new { country = "Tajikistan", region = "Khatlon", district = "Shamsiddin Shokhin" } },
            story: $"Border post {unique}", tags: [tag]));
        var slug = report.GetProperty("slug").GetString()!;
        var story = report.GetProperty("story").GetProperty("slug").GetString()!;
        return
        [
            new("front", "/"),
            new("section", "/sections/world"),
            new("tag", $"/tags/{tag}"),
            new("place", "/places/Tajikistan/Khatlon/Shamsiddin%20Shokhin"),
            new("story", $"/stories/{story}"),
            new("report", $"/articles/{slug}"),
            new("search", $"/search?q={unique}"),
            new("feedback", "/feedback?page=%2F"),
            new("beta", "/beta"),
            new("alerts", "/alerts"),
            new("subscribe", "/alerts/subscriptions/new"),
            new("push", "/alerts/push"),
            new("email", "/alerts/email"),
            new("email-confirm", "/alerts/email/confirm?token=not-a-real-token"),
            new("not-found", "/no/such/page"),
        ];
    }
}
