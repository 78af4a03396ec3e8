using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Nojor.Gateway.OpenApi;

/// <summary>
/// Fetches every service's document, merges them, and keeps the result for a short while. A service that cannot be
/// reached leaves its paths out of that answer, which is then not cached, so the next request tries again.
/// </summary>
internal sealed partial class MergedApiDocument(
    IHttpClientFactory httpClients,
    IOptions<ApiDocumentOptions> options,
    IProxyConfigProvider proxyConfig,
    TimeProvider clock,
    ILogger<MergedApiDocument> logger)
{
    public const string HttpClientName = "openapi";
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string Json, DateTimeOffset Until)? _cached;

    public async Task<string> GetJsonAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } hit && hit.Until > clock.GetUtcNow())
        {
            return hit.Json;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.Until > clock.GetUtcNow())
            {
                return again.Json;
            }
            var sources = options.Value.Sources;
            var fetched = await Task.WhenAll(sources.Select(source => FetchAsync(source.Key, source.Value, cancellationToken)));
            var documents = fetched.Where(d => d.Document is not null).Select(d => (d.Service, d.Document!)).ToList();
            var prefixes = RoutedPrefixes();
            var json = OpenApiMerger.Merge(documents, path => prefixes.Any(prefix => IsUnder(path, prefix))).ToJsonString();
            if (documents.Count == sources.Count)
            {
                _cached = (json, clock.GetUtcNow() + options.Value.CacheFor);
            }
            return json;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>The literal part of every route's path template, e.g. <c>/api/articles</c> for <c>/api/articles/{**rest}</c>.</summary>
    public IReadOnlyList<string> RoutedPrefixes() =>
        proxyConfig.GetConfig().Routes
            .Select(route => route.Match.Path)
            .OfType<string>()
            .Select(path => path.Split('{')[0].TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static bool IsUnder(string path, string prefix) =>
        path.Equals(prefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);

    private async Task<(string Service, JsonObject? Document)> FetchAsync(string service, Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            await using var stream = await client.GetStreamAsync(address, cancellationToken);
            return (service, await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            LogUnavailable(logger, service, address, ex);
            return (service, null);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The OpenAPI document of {Service} at {Address} could not be read; it is left out for now.")]
    private static partial void LogUnavailable(ILogger logger, string service, Uri address, Exception exception);
}
