using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Nojor.IntegrationTests.Articles;

[Collection(PlatformCollection.Name)]
public sealed class FeedTests(PlatformFixture platform)
{
    [Fact]
    public async Task Rss_atom_json_feed_and_sitemap_are_valid_and_list_a_new_report()
    {
        var headline = TestData.Unique("Harbour festival draws record crowds");
        var (filed, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(headline, section: "culture"));
        var url = filed.GetProperty("url").GetString()!;

        foreach (var path in new[] { "/api/feeds/rss.xml", "/api/feeds/sections/culture/rss.xml", "/api/feeds/atom.xml", "/api/feeds/sections/culture/atom.xml" })
        {
            var response = await platform.Gateway.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
            var feed = SyndicationFeed.Load(reader); // throws on anything that is not RSS 2.0 or Atom 1.0
            var item = Assert.Single(feed.Items, i => i.Title.Text == headline);
            Assert.Equal(url, item.Links[0].Uri.ToString());
        }

        var sport = await SyndicationFeedAsync("/api/feeds/sections/sport/atom.xml");
        Assert.DoesNotContain(sport.Items, i => i.Title.Text == headline);
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/feeds/sections/astrology/rss.xml"), HttpStatusCode.NotFound);

        var json = await platform.Gateway.GetAsync("/api/feeds/feed.json");
        Assert.Equal("application/feed+json", json.Content.Headers.ContentType?.MediaType);
        var jsonFeed = await json.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://jsonfeed.org/version/1.1", jsonFeed.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(jsonFeed.GetProperty("title").GetString()));
        Assert.True(Uri.IsWellFormedUriString(jsonFeed.GetProperty("feed_url").GetString(), UriKind.Absolute));
        foreach (var item in jsonFeed.GetProperty("items").EnumerateArray())
        {
            // Per the spec every item has an id and content_html or content_text; dates are RFC 3339.
            Assert.False(string.IsNullOrEmpty(item.GetProperty("id").GetString()));
            Assert.True(item.TryGetProperty("content_html", out _) || item.TryGetProperty("content_text", out _));
            Assert.True(DateTimeOffset.TryParse(item.GetProperty("date_published").GetString(), out _));
        }
        Assert.Contains(jsonFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == headline);

        var sitemap = XDocument.Parse(await platform.Gateway.GetStringAsync("/api/feeds/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        Assert.Equal(ns + "urlset", sitemap.Root!.Name);
        Assert.Contains(sitemap.Root.Elements(ns + "url"), u => u.Element(ns + "loc")!.Value == url);
    }

    private async Task<SyndicationFeed> SyndicationFeedAsync(string path)
    {
        using var reader = XmlReader.Create(await platform.Gateway.GetStreamAsync(path));
        return SyndicationFeed.Load(reader);
    }
}
