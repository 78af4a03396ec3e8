using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Nojor.Routing;

/// <summary>
/// <c>HEAD</c> on every <c>GET</c> route: minimal APIs map only the methods they are given, so a <c>HEAD</c> that HTTP says
/// must answer like <c>GET</c> fell through to the not-found fallback. Each <c>GET</c> endpoint is made to accept
/// <c>HEAD</c> too; the handler runs as for <c>GET</c> (same status, headers and validators) and Kestrel drops the body it
/// writes for a <c>HEAD</c>. Endpoints that stream (Server-Sent Events) are left out: their <c>GET</c> never ends, so a
/// <c>HEAD</c> would hold its connection for nothing.
/// </summary>
public static class HeadRequests
{
    /// <summary>Wraps the endpoints mapped so far and any mapped later through the same data sources; call after mapping.</summary>
    public static WebApplication AnswerHeadOnGetRoutes(this WebApplication app)
    {
        var sources = ((IEndpointRouteBuilder)app).DataSources;
        foreach (var source in sources.Where(s => s is not HeadForGetDataSource).ToList())
        {
            sources.Remove(source);
            sources.Add(new HeadForGetDataSource(source));
        }
        return app;
    }

    /// <summary>Whether the OpenAPI document should describe it: <c>HEAD</c> is implied by every <c>GET</c>, not listed twice.</summary>
    public static bool IsImpliedHead(string? httpMethod) => HttpMethods.IsHead(httpMethod ?? "");

    internal static Endpoint WithHead(Endpoint endpoint)
    {
        if (endpoint is not RouteEndpoint route
            || route.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
            || !methods.HttpMethods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase)
            || methods.HttpMethods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase)
            || Streams(route))
        {
            return endpoint;
        }
        var withHead = new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight);
        // The last method metadata is the one routing obeys (an endpoint's own over its group's).
        var metadata = route.Metadata.ToList();
        metadata[metadata.LastIndexOf(methods)] = withHead;
        return new RouteEndpoint(route.RequestDelegate!, route.RoutePattern, route.Order, new EndpointMetadataCollection(metadata), route.DisplayName);
    }

    private static bool Streams(RouteEndpoint route) =>
        route.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .Any(produces => produces.ContentTypes.Any(type => type.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase)));

    private sealed class HeadForGetDataSource(EndpointDataSource inner) : EndpointDataSource
    {
        public override IReadOnlyList<Endpoint> Endpoints => [.. inner.Endpoints.Select(WithHead)];

        public override IReadOnlyList<Endpoint> GetGroupedEndpoints(RouteGroupContext context) =>
            [.. inner.GetGroupedEndpoints(context).Select(WithHead)];

        public override IChangeToken GetChangeToken() => inner.GetChangeToken();
    }
}
