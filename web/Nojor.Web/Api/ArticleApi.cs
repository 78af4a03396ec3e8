using System.Globalization;
using System.Text;

namespace Nojor.Web.Api;

/// <summary>Reads of the article service: reports, lists, stories, related reports and search.</summary>
public sealed class ArticleApi(HttpClient http) : ServiceClient(http, "article-api")
{
    public Task<ApiResult<Article>> GetAsync(string slug, CancellationToken cancellationToken) =>
        GetAsync<Article>($"/api/articles/{Uri.EscapeDataString(slug)}", cancellationToken);

    public Task<ApiResult<ArticleList>> ListAsync(ArticleQuery query, CancellationToken cancellationToken) =>
        GetAsync<ArticleList>("/api/articles" + QueryString(query), cancellationToken);

    public Task<ApiResult<Story>> GetStoryAsync(string slug, CancellationToken cancellationToken) =>
        GetAsync<Story>($"/api/stories/{Uri.EscapeDataString(slug)}", cancellationToken);

    public Task<ApiResult<ArticleList>> RelatedAsync(string slug, CancellationToken cancellationToken) =>
        GetAsync<ArticleList>($"/api/articles/{Uri.EscapeDataString(slug)}/related", cancellationToken);

    private static string QueryString(ArticleQuery query)
    {
        var builder = new StringBuilder("?limit=").Append(query.Limit.ToString(CultureInfo.InvariantCulture));
        Append(builder, "cursor", query.Cursor);
        Append(builder, "section", query.Section);
        Append(builder, "tag", query.Tag);
        Append(builder, "place", query.Place);
        Append(builder, "story", query.Story);
        Append(builder, "breaking", query.Breaking is { } breaking ? (breaking ? "true" : "false") : null);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            builder.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
