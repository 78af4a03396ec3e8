using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nojor.Gateway.Caching;
using Nojor.Gateway.Proxy;
using Yarp.ReverseProxy.Forwarder;

namespace Nojor.Gateway;

public static class GatewayExtensions
{
    public const string ProxySection = "ReverseProxy";
    public const string LimitsSection = "Gateway:Limits";

    /// <summary>
    /// YARP with explicit public routes; cluster addresses are Aspire resource names resolved by service discovery.
    /// Each cluster is probed on <c>/alive</c>: a service that stops answering is taken out, so clients get an immediate
    /// 503 instead of waiting on a dead connection.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        // Header and body ceilings for every request; routes lower the body limit further (RequestBodyLimitMiddleware).
        builder.Services.Configure<KestrelServerOptions>(kestrel => builder.Configuration.GetSection(LimitsSection).Bind(kestrel.Limits));
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(ProxySection))
            .AddConfigFilter<WebPageCacheRoute>()
            .AddConfigFilter<BodyLimitConfigFilter>()
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    /// <summary>
    /// The proxy with its own small pipeline: problem details for upstream failures, per-route body limits, fills of the
    /// read cache from the source, and eviction of cached article reads after a write.
    /// </summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(UpstreamProblemMiddleware.InvokeAsync);
            var bodyLimits = ActivatorUtilities.CreateInstance<RequestBodyLimitMiddleware>(proxy.ApplicationServices);
            proxy.Use(bodyLimits.InvokeAsync);
            proxy.Use(FillFromSource.InvokeAsync);
            var writeEviction = ActivatorUtilities.CreateInstance<ArticleWriteEviction>(proxy.ApplicationServices);
            proxy.Use(writeEviction.InvokeAsync);
        });
        return app;
    }
}
