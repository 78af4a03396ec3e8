using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Contracts;
using Nojor.Messaging.Inbox;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public sealed class BreakingNewsConsumerTests : IAsyncLifetime
{
    private readonly ServiceProvider _services;
    private readonly ITestHarness _harness;

    public BreakingNewsConsumerTests()
    {
        // No worker runs here: what fan-out leases for its own instance stays pending; AlertHandOffTests covers the hand-over.
        _services = BreakingNewsHarness.Build();
        _harness = _services.GetRequiredService<ITestHarness>();
    }

    public async Task InitializeAsync()
    {
        await BreakingNewsHarness.SeedAsync(_services, Subscriber("http://a.example/hook"), Subscriber("http://b.example/hook"),
            Subscriber("http://disabled.example/hook", active: false),
            Subscriber("http://sport.example/hook", filter: new SubscriptionFilter { Sections = ["sport"] }),
            Subscriber("http://unverified.example/hook", verified: false));
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Persists_one_pending_delivery_per_active_subscriber_sending_the_alerts_one_payload()
    {
        await _harness.Bus.Publish(Alert(), context => context.MessageId = NewId.NextGuid());
        Assert.True(await _harness.GetConsumerHarness<BreakingNewsConsumer>().Consumed.Any<BreakingNewsIssued>());

        var deliveries = await Deliveries();
        var payloads = await AlertPayloads();
        // Not the disabled one, nor the one filtering on another section, nor the one whose endpoint never echoed its challenge.
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.StartsWith("msg_", d.Id);
            // Kept once, on the alert: the rows name it and do not repeat it.
            Assert.Null(d.Payload);
            Assert.Contains("\"type\":\"article.breaking\"", payloads[d.AlertId!]);
            Assert.Contains("Bridge reopens after inspection", payloads[d.AlertId!]);
        });
        Assert.Equal(2, deliveries.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_handled_once()
    {
        // A redelivery (a lost acknowledgement) comes after the first delivery was handled. Two copies handled at the same
        // moment are refused by the database's unique keys in one transaction, which the in-memory one here does not have.
        var messageId = NewId.NextGuid();
        var handled = new HandledCount<BreakingNewsIssued>();
        using var observing = _harness.Bus.ConnectConsumeMessageObserver(handled);
        await _harness.Bus.Publish(Alert(), context => context.MessageId = messageId);
        await handled.Reached(1);
        await _harness.Bus.Publish(Alert(), context => context.MessageId = messageId);
        // The harness lists consumed messages by id, so count the consumer's finished runs instead.
        await handled.Reached(2);

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

        Assert.Equal(4, (await DeliveriesOnceThereAre(4)).Count);
    }

    [Fact]
    public async Task A_newer_alert_on_the_same_story_supersedes_earlier_deliveries_whose_lease_lapsed_unsent()
    {
        var story = new StoryReference(Guid.NewGuid(), "bridge", "The bridge");
        await _harness.Bus.Publish(Alert() with { Story = story }, context => context.MessageId = NewId.NextGuid());
        // The instance that leased them stopped before sending: its lease lapses and the rows wait for any worker.
        await LapseLeasesAsync(await DeliveriesOnceThereAre(2));
        await _harness.Bus.Publish(Alert() with { Story = story, Headline = "Bridge reopens fully" }, context => context.MessageId = NewId.NextGuid());

        var deliveries = await DeliveriesOnceThereAre(4);
        var payloads = await AlertPayloads();
        var (first, second) = Split(deliveries, payloads);
        Assert.Equal(2, second.Count);
        Assert.All(first, d =>
        {
            Assert.Equal(DeliveryStatus.Superseded, d.Status);
            Assert.Contains(second[0].AlertId!, d.LastError, StringComparison.Ordinal);
        });
        Assert.All(second, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.Contains($"\"supersedes\":\"{first[0].AlertId}\"", payloads[d.AlertId!]);
            Assert.Contains($"\"storyId\":\"{story.StoryId}\"", payloads[d.AlertId!]);
        });
    }

    [Fact]
    public async Task A_newer_alert_leaves_earlier_deliveries_in_flight_alone_and_names_what_it_supersedes()
    {
        var story = new StoryReference(Guid.NewGuid(), "bridge", "The bridge");
        await _harness.Bus.Publish(Alert() with { Story = story }, context => context.MessageId = NewId.NextGuid());
        await DeliveriesOnceThereAre(2);
        await _harness.Bus.Publish(Alert() with { Story = story, Headline = "Bridge reopens fully" }, context => context.MessageId = NewId.NextGuid());

        var deliveries = await DeliveriesOnceThereAre(4);
        var payloads = await AlertPayloads();
        var (first, second) = Split(deliveries, payloads);
        // Leased by the instance that raised them, so they may be on their way: they still count as sent, and the
        // newer alert tells the subscriber which one it replaces.
        Assert.All(first, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.NotNull(d.LeaseUntil);
        });
        Assert.Equal(2, second.Count);
        Assert.All(second, d => Assert.Contains($"\"supersedes\":\"{first[0].AlertId}\"", payloads[d.AlertId!]));
    }

    private static (List<WebhookDelivery> First, List<WebhookDelivery> Second) Split(List<WebhookDelivery> deliveries,
        Dictionary<string, string> payloads) => (
        deliveries.Where(d => !payloads[d.AlertId!].Contains("fully", StringComparison.Ordinal)).ToList(),
        deliveries.Where(d => payloads[d.AlertId!].Contains("fully", StringComparison.Ordinal)).ToList());

    private async Task LapseLeasesAsync(List<WebhookDelivery> deliveries)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var ids = deliveries.Select(d => d.Id).ToList();
        foreach (var delivery in await db.Deliveries.Where(d => ids.Contains(d.Id)).ToListAsync())
        {
            Assert.NotNull(delivery.LeaseUntil);
            delivery.LeaseUntil = DateTimeOffset.UtcNow.AddMinutes(-1);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Polls (bounded) until the consumer has staged <paramref name="count"/> deliveries: the machine may be slow.</summary>
    private async Task<List<WebhookDelivery>> DeliveriesOnceThereAre(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = await Deliveries();
            if (deliveries.Count >= count || DateTime.UtcNow > deadline)
            {
                return deliveries;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Counts the consumer's finished runs of <typeparamref name="T"/> and waits for a number of them; a failed run fails the wait.</summary>
    private sealed class HandledCount<T> : IConsumeMessageObserver<T> where T : class
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiting = [];
        private int _handled;

        public async Task Reached(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_handled >= count)
                {
                    return;
                }
                _waiting.Add((count, reached));
            }
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<T> context)
        {
            lock (_gate)
            {
                _handled++;
                foreach (var (_, reached) in _waiting.Where(w => w.Count <= _handled))
                {
                    reached.TrySetResult();
                }
            }
            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<T> context, Exception exception)
        {
            lock (_gate)
            {
                foreach (var (_, reached) in _waiting)
                {
                    reached.TrySetException(exception);
                }
            }
            return Task.CompletedTask;
        }
    }

    private Task<List<WebhookDelivery>> Deliveries() => BreakingNewsHarness.DeliveriesAsync(_services);

    private Task<Dictionary<string, string>> AlertPayloads() => BreakingNewsHarness.AlertPayloadsAsync(_services);

    private static BreakingNewsIssued Alert() => new(Guid.NewGuid(), "bridge-reopens", "Bridge reopens after inspection", null, "news",
        ["transport"], [new ArticlePlace("Norway", "Vestland", "Bergen")], null, "en", 2, 1, "http://localhost/articles/bridge-reopens", DateTimeOffset.UtcNow);

    private static Subscription Subscriber(string url, bool active = true, SubscriptionFilter? filter = null, bool verified = true) =>
        BreakingNewsHarness.Subscriber(url, active, filter, verified);
}

internal sealed class RecordingBroadcaster : IAlertBroadcaster
{
    public List<Alert> Published { get; } = [];

    public Task PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        lock (Published)
        {
            Published.Add(alert);
        }
        return Task.CompletedTask;
    }
}
