namespace Nojor.Gateway;

public static class GatewayExtensions
{
    public const string ProxySection = "ReverseProxy";

    /// <summary>YARP with explicit public routes; cluster addresses are Aspire resource names resolved by service discovery.</summary>
    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(ProxySection))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
