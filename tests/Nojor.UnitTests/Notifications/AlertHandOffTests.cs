using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Contracts;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

/// <summary>Fan-out leases the deliveries due at once for its own instance and hands them over only after the commit.</summary>
public sealed class AlertHandOffTests : IAsyncLifetime
{
    private readonly ServiceProvider _services;
    private readonly ITestHarness _harness;
    private readonly Subscription _awake = Subscriber("http://awake.example/hook");
    private readonly Subscription _asleep = Subscriber("http://asleep.example/hook");

    public AlertHandOffTests()
    {
        var now = TimeOnly.FromDateTime(DateTime.UtcNow);
        _asleep.QuietHours = new QuietHours("Etc/UTC", now.AddHours(-1), now.AddHours(2));
        _services = BreakingNewsHarness.Build();
        _harness = _services.GetRequiredService<ITestHarness>();
    }

    public async Task InitializeAsync()
    {
        await BreakingNewsHarness.SeedAsync(_services, _awake, _asleep);
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Deliveries_due_now_are_committed_leased_and_handed_over_with_their_subscription()
    {
        var issued = new BreakingNewsIssued(Guid.NewGuid(), "ferry-strike", "Ferry crews strike for a day", null, "news", ["transport"],
            [], null, "en", 2, 1, "http://localhost/articles/ferry-strike", DateTimeOffset.UtcNow);
        await _harness.Bus.Publish(issued, context => context.MessageId = NewId.NextGuid());
        Assert.True(await _harness.GetConsumerHarness<BreakingNewsConsumer>().Consumed.Any<BreakingNewsIssued>());

        var handedOver = await HandedOverOnceThereIsOne();
        var stored = await Deliveries();

        var sent = Assert.Single(handedOver);
        Assert.Equal(_awake.Id, sent.Subscription.Id);
        Assert.Equal(_awake.Url, sent.Subscription.Url);
        var awake = Assert.Single(stored, d => d.SubscriptionId == _awake.Id);
        Assert.Equal(awake.Id, sent.Delivery.Id);
        Assert.NotNull(awake.LeaseUntil); // held for this instance, so no other worker sends it too
        // Held back by quiet hours: left unleased for the worker's regular pass when the window ends.
        var asleep = Assert.Single(stored, d => d.SubscriptionId == _asleep.Id);
        Assert.Null(asleep.LeaseUntil);
        Assert.True(asleep.NextAttemptAt > DateTimeOffset.UtcNow);
    }

    private async Task<List<HandedOffDelivery>> HandedOverOnceThereIsOne()
    {
        var reader = _services.GetRequiredService<DeliverySignal>().HandedOff;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await reader.WaitToReadAsync(timeout.Token);
        var handedOver = new List<HandedOffDelivery>();
        while (reader.TryRead(out var delivery))
        {
            handedOver.Add(delivery);
        }
        return handedOver;
    }

    private Task<List<WebhookDelivery>> Deliveries() => BreakingNewsHarness.DeliveriesAsync(_services);

    private static Subscription Subscriber(string url) => BreakingNewsHarness.Subscriber(url);
}
