using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nojor.Messaging.Outbox;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

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
            .Validate(o => o.HandOffReservation > o.PublishTimeout,
                $"{OutboxOptions.SectionName}:{nameof(OutboxOptions.HandOffReservation)} must exceed {nameof(OutboxOptions.PublishTimeout)}, or a slow publish could be relayed twice.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxHandOff>();
        services.TryAddSingleton<CommittedOutboxAnnouncer>();
        services.TryAddSingleton<IOutboxStore, EfOutboxStore<TDbContext>>();
        services.TryAddSingleton<IOutboxPublisher, MassTransitOutboxPublisher>();
        services.TryAddSingleton<OutboxRelay>();
        services.AddHostedService<OutboxRelayService>();
        services.AddHostedService<OutboxHandOffService>();
        services.AddMessagingTelemetry();

        var connectionString = builder.Configuration.GetConnectionString(BrokerConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{BrokerConnectionName}' (RabbitMQ) is not configured.");

        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configureConsumers?.Invoke(bus);
            bus.AddConsumeObserver<ConsumeLagObserver>();
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

    /// <summary>
    /// The outbox gauges, the consume-lag histogram and the relay's spans, registered with OpenTelemetry by the messaging
    /// library itself (ServiceDefaults knows no service's meter). Building the meter provider creates the gauges, so they
    /// exist, and query, only where metrics are collected.
    /// </summary>
    internal static IServiceCollection AddMessagingTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton<ConsumeLagObserver>();
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            provider.GetRequiredService<MessagingMetrics>();
            metrics.AddMeter(MessagingTelemetry.Name);
        });
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(MessagingTelemetry.SourceName));
        return services;
    }

    /// <summary>Passes committed outbox rows to the relay; call inside the DbContext options of a service using the outbox.</summary>
    public static DbContextOptionsBuilder AddOutboxInterceptors(this DbContextOptionsBuilder options, IServiceProvider services)
    {
        var announcer = services.GetRequiredService<CommittedOutboxAnnouncer>();
        return options.AddInterceptors(
            new OutboxSaveChangesInterceptor(announcer, services.GetRequiredService<IOptions<OutboxOptions>>(), services.GetRequiredService<TimeProvider>()),
            new OutboxTransactionInterceptor(announcer));
    }
}
