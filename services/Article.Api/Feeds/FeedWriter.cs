using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json.Serialization;
using System.Xml;
using Nojor.Articles.Articles;

namespace Nojor.Articles.Feeds;

/// <summary>JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).</summary>
public sealed record JsonFeed(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("home_page_url")] string HomePageUrl,
    [property: JsonPropertyName("feed_url")] string FeedUrl,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("items")] IReadOnlyList<JsonFeedItem> Items);

public sealed record JsonFeedItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("content_html")] string ContentHtml,
    [property: JsonPropertyName("date_published")] DateTimeOffset? DatePublished,
    [property: JsonPropertyName("date_modified")] DateTimeOffset DateModified,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("language")] string Language);

/// <summary>Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents from the latest reports.</summary>
internal static class FeedWriter
{
    public static byte[] Syndication(IReadOnlyList<Article> articles, FeedInfo info, bool atom)
    {
        var feed = new SyndicationFeed(info.Title, info.Description, new Uri(info.HomePageUrl), info.FeedUrl,
            articles.Count > 0 ? articles.Max(a => a.UpdatedAt) : DateTimeOffset.UnixEpoch)
        {
            Language = "en",
            Items = [.. articles.Select(a => Item(a, info))],
        };
        feed.Links.Add(new SyndicationLink(new Uri(info.FeedUrl), "self", info.Title, atom ? "application/atom+xml" : "application/rss+xml", 0));
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            if (atom)
            {
                new Atom10FeedFormatter(feed).WriteTo(xml);
            }
            else
            {
                new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true).WriteTo(xml);
            }
        }
        return stream.ToArray();
    }

    public static JsonFeed Json(IReadOnlyList<Article> articles, FeedInfo info) => new(
        "https://jsonfeed.org/version/1.1", info.Title, info.HomePageUrl, info.FeedUrl, "en",
        [.. articles.Select(a => new JsonFeedItem(info.UrlFor(a.Slug), info.UrlFor(a.Slug), a.Headline, a.Summary, a.BodyHtml,
            a.PublishedAt, a.UpdatedAt, a.Tags, a.Language))]);

    private static SyndicationItem Item(Article article, FeedInfo info)
    {
        var url = info.UrlFor(article.Slug);
        var item = new SyndicationItem(article.Headline, SyndicationContent.CreateHtmlContent(article.BodyHtml), new Uri(url), url, article.UpdatedAt)
        {
            PublishDate = article.PublishedAt ?? article.UpdatedAt,
            Summary = article.Summary is null ? null : new TextSyndicationContent(article.Summary),
        };
        item.Categories.Add(new SyndicationCategory(article.Section));
        foreach (var tag in article.Tags)
        {
            item.Categories.Add(new SyndicationCategory(tag));
        }
        if (article.Byline is not null)
        {
            item.Authors.Add(new SyndicationPerson { Name = article.Byline });
        }
        return item;
    }
}

internal sealed record FeedInfo(string Title, string Description, string HomePageUrl, string FeedUrl, ArticleOptions Options)
{
    public string UrlFor(string slug) => Options.UrlFor(slug);
}
