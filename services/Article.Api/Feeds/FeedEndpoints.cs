using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Articles.Reading;
using Nojor.Hosting;

namespace Nojor.Articles.Feeds;

/// <summary>Syndication: RSS 2.0, Atom 1.0 and JSON Feed 1.1, site-wide and per section, and a sitemap.</summary>
public static class FeedEndpoints
{
    public const int FeedSize = 50;
    private const int SitemapSize = 50_000;

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(ArticleRoutes.Feeds).WithTags("Feeds");
        group.MapGet("/rss.xml", (ArticleDbContext db, IOptions<ArticleOptions> o, TimeProvider c, CancellationToken ct) => Rss(null, db, o, c, ct))
            .WithName("RssFeed").WithSummary("RSS 2.0 feed of the latest reports");
        group.MapGet("/atom.xml", (ArticleDbContext db, IOptions<ArticleOptions> o, TimeProvider c, CancellationToken ct) => Atom(null, db, o, c, ct))
            .WithName("AtomFeed").WithSummary("Atom 1.0 feed of the latest reports");
        group.MapGet("/feed.json", (ArticleDbContext db, IOptions<ArticleOptions> o, TimeProvider c, CancellationToken ct) => Json(null, db, o, c, ct))
            .WithName("JsonFeed").WithSummary("JSON Feed 1.1 of the latest reports");
        group.MapGet("/sections/{section}/rss.xml", Rss).WithName("SectionRssFeed").WithSummary("RSS 2.0 feed of one section");
        group.MapGet("/sections/{section}/atom.xml", Atom).WithName("SectionAtomFeed").WithSummary("Atom 1.0 feed of one section");
        group.MapGet("/sections/{section}/feed.json", Json).WithName("SectionJsonFeed").WithSummary("JSON Feed 1.1 of one section");
        group.MapGet("/sitemap.xml", Sitemap).WithName("Sitemap").WithSummary("Sitemap of every published report");
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Rss(
        string? section, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (UnknownSection(section, options.Value) is { } problem)
        {
            return problem;
        }
        var articles = await LatestAsync(db, section, clock, cancellationToken);
        return TypedResults.File(FeedWriter.Syndication(articles, Info(section, "rss.xml", options.Value), atom: false), "application/rss+xml; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Atom(
        string? section, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (UnknownSection(section, options.Value) is { } problem)
        {
            return problem;
        }
        var articles = await LatestAsync(db, section, clock, cancellationToken);
        return TypedResults.File(FeedWriter.Syndication(articles, Info(section, "atom.xml", options.Value), atom: true), "application/atom+xml; charset=utf-8");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Json(
        string? section, ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (UnknownSection(section, options.Value) is { } problem)
        {
            return problem;
        }
        var articles = await LatestAsync(db, section, clock, cancellationToken);
        var feed = FeedWriter.Json(articles, Info(section, "feed.json", options.Value));
        return TypedResults.Content(System.Text.Json.JsonSerializer.Serialize(feed), "application/feed+json; charset=utf-8");
    }

    private static async Task<FileContentHttpResult> Sitemap(
        ArticleDbContext db, IOptions<ArticleOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var entries = await db.Articles.AsNoTracking().Visible(clock.GetUtcNow())
            .OrderByDescending(a => a.PublishedAt).Take(SitemapSize)
            .Select(a => new { a.Slug, a.UpdatedAt }).ToListAsync(cancellationToken);
        const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("urlset", ns);
            foreach (var entry in entries)
            {
                xml.WriteStartElement("url", ns);
                xml.WriteElementString("loc", ns, options.Value.UrlFor(entry.Slug));
                xml.WriteElementString("lastmod", ns, entry.UpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return TypedResults.File(stream.ToArray(), "application/xml; charset=utf-8");
    }

    private static Task<List<Article>> LatestAsync(ArticleDbContext db, string? section, TimeProvider clock, CancellationToken cancellationToken)
    {
        var articles = db.Articles.AsNoTracking().Visible(clock.GetUtcNow());
        if (section is not null)
        {
            var name = section.ToLowerInvariant();
            articles = articles.Where(a => a.Section == name);
        }
        return articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(FeedSize).ToListAsync(cancellationToken);
    }

    private static ProblemHttpResult? UnknownSection(string? section, ArticleOptions options) =>
        section is not null && !options.IsKnownSection(section)
            ? Problems.NotFound($"There is no section '{section}'.")
            : null;

    private static FeedInfo Info(string? section, string file, ArticleOptions options)
    {
        var root = options.PublicBaseUrl.TrimEnd('/');
        var path = section is null ? $"{ArticleRoutes.Feeds}/{file}" : $"{ArticleRoutes.Feeds}/sections/{section.ToLowerInvariant()}/{file}";
        var title = section is null ? "Nojor" : $"Nojor: {section.ToLowerInvariant()}";
        return new FeedInfo(title, "The latest reports from Nojor.", root + "/", root + path, options);
    }
}
