using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Nojor.Messaging.Outbox;

namespace Nojor.Messaging;

public static class MessagingExtensions
{
    /// <summary>Name of the RabbitMQ connection string the AppHost provides.</summary>
    public const string BrokerConnectionName = "messaging";

    /// <summary>
    /// MassTransit on RabbitMQ plus the transactional outbox of <typeparamref name="TDbContext"/>.
    /// Consumers retry with backoff; a message that still fails is moved to its queue's
    /// <c>_error</c> queue (dead-lettered) instead of being acknowledged and lost.
    /// </summary>
    public static IHostApplicationBuilder AddNojorMessaging<TDbContext>(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TDbContext : DbContext
    {
        var services = builder.Services;
        services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IOutboxStore, EfOutboxStore<TDbContext>>();
        services.TryAddSingleton<IOutboxPublisher, MassTransitOutboxPublisher>();
        services.TryAddSingleton<OutboxRelay>();
        services.AddHostedService<OutboxRelayService>();

        var connectionString = builder.Configuration.GetConnectionString(BrokerConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{BrokerConnectionName}' (RabbitMQ) is not configured.");

        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10),
                    TimeSpan.FromMilliseconds(500)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        // Start serving even while the broker is down: the outbox keeps events until it is back.
        services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>Wakes the outbox relay on commit; call inside the DbContext options of a service using the outbox.</summary>
    public static DbContextOptionsBuilder AddOutboxInterceptors(this DbContextOptionsBuilder options, IServiceProvider services)
    {
        var signal = services.GetRequiredService<OutboxSignal>();
        return options.AddInterceptors(new OutboxSaveChangesInterceptor(signal), new OutboxTransactionInterceptor(signal));
    }
}
