namespace Nojor.AppHost.Infrastructure;

/// <summary>The infrastructure resources services reference, whichever way they are run.</summary>
public sealed record Infra(
    IResourceBuilder<IResourceWithConnectionString> ArticleDatabase,
    IResourceBuilder<IResourceWithConnectionString> FeedbackDatabase,
    IResourceBuilder<IResourceWithConnectionString> NotificationDatabase,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    IResourceBuilder<IResourceWithConnectionString> Messaging);

internal static class BrokerReferences
{
    /// <summary>
    /// The broker's connection string, without waiting for the broker: a service starts beside it (the broker's boot is
    /// the longest step of a start) and MassTransit connects once it answers. Until then the service's readiness check
    /// (<c>/health</c>, which includes the bus) fails, so whatever waits for the service being healthy (the gateway) still
    /// waits for its broker connection; events written meanwhile wait in the outbox, which relays them once connected.
    /// </summary>
    public static IResourceBuilder<T> WithBroker<T>(this IResourceBuilder<T> service, Infra infra)
        where T : IResourceWithEnvironment => service.WithReference(infra.Messaging);
}
