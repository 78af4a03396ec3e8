using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Contracts;
using Nojor.Messaging.Inbox;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public sealed class BreakingNewsConsumerTests : IAsyncLifetime
{
    private readonly ServiceProvider _services;
    private readonly ITestHarness _harness;

    public BreakingNewsConsumerTests()
    {
        var database = Guid.NewGuid().ToString();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<DeliverySignal>()
            .AddDbContext<NotificationDbContext>(options => options.UseInMemoryDatabase(database))
            .AddMassTransitTestHarness(bus => bus.AddConsumer<BreakingNewsConsumer>())
            .BuildServiceProvider(validateScopes: true);
        _harness = _services.GetRequiredService<ITestHarness>();
    }

    public async Task InitializeAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        db.Subscriptions.AddRange(Subscriber("http://a.example/hook"), Subscriber("http://b.example/hook"),
            Subscriber("http://paused.example/hook", active: false));
        await db.SaveChangesAsync();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Persists_one_signed_payload_per_active_subscriber()
    {
        await _harness.Bus.Publish(Alert(), context => context.MessageId = NewId.NextGuid());
        Assert.True(await _harness.GetConsumerHarness<BreakingNewsConsumer>().Consumed.Any<BreakingNewsIssued>());

        var deliveries = await Deliveries();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.StartsWith("msg_", d.Id);
            Assert.Contains("\"type\":\"article.breaking\"", d.Payload);
            Assert.Contains("Bridge reopens after inspection", d.Payload);
        });
        Assert.Equal(2, deliveries.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_handled_once()
    {
        var messageId = NewId.NextGuid();
        await _harness.Bus.Publish(Alert(), context => context.MessageId = messageId);
        await _harness.Bus.Publish(Alert(), context => context.MessageId = messageId);
        // The harness lists consumed messages by id, so wait for the bus to go quiet rather than count.
        await _harness.InactivityTask;

        Assert.Equal(2, (await Deliveries()).Count); // two subscribers, not four deliveries
        await using var scope = _services.CreateAsyncScope();
        var inbox = await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Set<InboxMessage>().ToListAsync();
        Assert.Equal(messageId, Assert.Single(inbox).MessageId);
    }

    [Fact]
    public async Task Different_messages_are_each_handled()
    {
        await _harness.Bus.Publish(Alert(), context => context.MessageId = NewId.NextGuid());
        await _harness.Bus.Publish(Alert(), context => context.MessageId = NewId.NextGuid());

        Assert.Equal(2, await ConsumedCount(2));
        Assert.Equal(4, (await Deliveries()).Count);
    }

    /// <summary>Waits (bounded by the harness timeout) until <paramref name="expected"/> messages were consumed.</summary>
    private Task<int> ConsumedCount(int expected) =>
        AsyncElementListExtensions.Take(_harness.GetConsumerHarness<BreakingNewsConsumer>().Consumed.SelectAsync<BreakingNewsIssued>(), expected)
            .CountAsync()
            .AsTask();

    private async Task<List<WebhookDelivery>> Deliveries()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Deliveries.ToListAsync();
    }

    private static BreakingNewsIssued Alert() => new(Guid.NewGuid(), "bridge-reopens", "Bridge reopens after inspection", null, "news",
        ["transport"], [new ArticlePlace("Norway", "Vestland", "Bergen")], null, "en", 2, 1, "http://localhost/articles/bridge-reopens", DateTimeOffset.UtcNow);

    private static Subscription Subscriber(string url, bool active = true) => new()
    {
        Id = Guid.NewGuid(),
        Url = url,
        Secret = SubscriptionTokens.NewSigningSecret(),
        ManagementTokenHash = SubscriptionTokens.Hash("token"),
        IsActive = active,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
