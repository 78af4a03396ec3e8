using Microsoft.Playwright;
using Nojor.IntegrationTests.Web;

namespace Nojor.IntegrationTests.Hardening;

/// <summary>
/// The gateway adds the security headers an answer lacks (its own answers, the services' and the web app's alike)
/// without overwriting the ones the web app chose for its pages.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SecurityHeaderTests(PlatformFixture platform, BrowserFixture browser)
{
    [Theory]
    [InlineData("/api/articles")] // a service's answer
    [InlineData("/api/no-such-route")] // the gateway's own problem
    [InlineData("/openapi/v1.json")] // the gateway's own document
    [InlineData("/docs")] // the gateway's own page
    [InlineData("/")] // the web app's page
    [InlineData("/no/such/page")] // the web app's not-found page
    public async Task Every_answer_carries_nosniff_a_referrer_policy_and_forbids_framing(string path)
    {
        var response = await platform.Gateway.GetAsync(path);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.False(string.IsNullOrEmpty(Single(response, "Referrer-Policy")));
        Assert.Contains("frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_web_apps_own_policies_are_kept_not_overwritten()
    {
        var response = await platform.Gateway.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The web app's own values (Nojor.Web's SecurityHeaders), each sent once.
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        var csp = Single(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("form-action 'self'", csp);
    }

    [Fact]
    public async Task Hsts_is_not_sent_over_plain_http()
    {
        // Strict-Transport-Security over HTTP would be ignored by browsers and pin nothing; the HTTPS case is a unit test.
        var response = await platform.Gateway.GetAsync("/api/articles");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_reference_ui_renders_under_its_content_security_policy()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        var offSite = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(platform.GatewayAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                offSite.Add(request.Url);
            }
        };

        var response = await page.GotoAsync("/docs");

        Assert.Equal(200, response!.Status);
        var csp = response.Headers["content-security-policy"];
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        // Only the script can render the merged document's title into the page: it loaded, ran and fetched the document.
        // (The document merges three services' own, which may take a while on a busy machine.)
        var sidebar = page.GetByRole(AriaRole.Complementary, new() { Name = "Sidebar for Nojor public API" });
        await Assertions.Expect(sidebar).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Empty(violations);
        Assert.Empty(offSite);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values)
            ? values
            : response.Content.Headers.TryGetValues(header, out var contentValues) ? contentValues : []);
}
