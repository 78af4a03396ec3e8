using System.Globalization;

namespace Nojor.Web.Api;

/// <summary>A search result as the article service gives it; <see cref="Snippet"/> is HTML with <c>&lt;mark&gt;</c> around matches.</summary>
/// <param name="Variant">Found through another spelling of a word the reader typed, ranked after reports matching as typed.</param>
public sealed record SearchHit(Guid Id, string Slug, string Headline, string? Summary, string Section, DateTimeOffset? PublishedAt, bool Variant,
    string Snippet, string Url);

public sealed record SearchResults(string Query, IReadOnlyList<SearchHit> Items, int? NextOffset);

/// <summary>The article service's full-text search (<c>GET /api/search</c>).</summary>
public sealed class SearchApi(HttpClient http) : ServiceClient(http, "article-api")
{
    /// <summary>What the service accepts: longer queries are refused before they are sent.</summary>
    public const int MaxQueryLength = 200;
    public const int MaxOffset = 1000;

    public Task<ApiResult<SearchResults>> SearchAsync(string query, int offset, int limit, CancellationToken cancellationToken) =>
        GetAsync<SearchResults>(string.Create(CultureInfo.InvariantCulture,
            $"/api/search?q={Uri.EscapeDataString(query)}&offset={offset}&limit={limit}"), cancellationToken);
}
