namespace Nojor.AppHost.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>
    /// PostgreSQL (one database per service), Redis and RabbitMQ: Aspire containers where a container engine answers
    /// (<see cref="InfraModeResolver"/>), local server processes keeping their data in <paramref name="dataRoot"/> elsewhere.
    /// </summary>
    public static Infra AddInfrastructure(this IDistributedApplicationBuilder builder, string dataRoot) =>
        InfraModeResolver.Resolve(builder.Configuration) == InfraMode.Container
            ? builder.AddContainerInfra()
            : OperatingSystem.IsWindows()
                ? throw new PlatformNotSupportedException("Local infrastructure runs on Linux; use Infra:Mode=container on Windows.")
                : LocalInfra.AddLocalInfra(builder, dataRoot);
}
