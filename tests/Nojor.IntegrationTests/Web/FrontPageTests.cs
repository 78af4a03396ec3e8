using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Gateway;

namespace Nojor.IntegrationTests.Web;

[Collection(PlatformCollection.Name)]
public sealed class FrontPageTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task The_front_page_lists_a_report_just_published_and_links_to_its_page()
    {
        var headline = $"Ferry service resumes across the lake {Guid.NewGuid():N}"[..48];
        var (report, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(headline));
        var slug = report.GetProperty("slug").GetString();

        var page = await browser.NewPageAsync(platform.GatewayAddress);
        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        Assert.Equal("Latest news", await page.Locator("h1").InnerTextAsync());
        var link = page.GetByRole(AriaRole.Link, new() { Name = headline, Exact = true });
        Assert.Equal($"/articles/{slug}", await link.GetAttributeAsync("href"));
    }

    [Fact]
    public async Task An_unknown_address_is_a_readable_not_found_page_while_unknown_api_paths_stay_problems()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        var response = await page.GotoAsync("/no/such/page");

        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"]);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());

        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/no-such-route"), HttpStatusCode.NotFound);
    }
}
