using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Telemetry;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public sealed class RetryPolicyTests
{
    private static readonly WebhookOptions Options = new() { FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromHours(4) };

    [Fact]
    public void Delays_double_each_attempt_within_the_jitter_band()
    {
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var nominal = TimeSpan.FromSeconds(5 * Math.Pow(2, attempt - 1));
            Assert.Equal(nominal * 0.8, RetryPolicy.Delay(Options, attempt, null, random: 0));
            Assert.Equal(nominal * 1.2, RetryPolicy.Delay(Options, attempt, null, random: 1));
        }
    }

    [Fact]
    public void Delays_stop_growing_at_the_maximum() =>
        Assert.Equal(TimeSpan.FromHours(4), RetryPolicy.Delay(Options, 40, null, random: 0.5));

    [Fact]
    public void A_longer_retry_after_from_the_receiver_wins_a_shorter_one_does_not()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), RetryPolicy.Delay(Options, 1, TimeSpan.FromMinutes(10), random: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Delay(Options, 1, TimeSpan.FromSeconds(1), random: 0.5));
    }
}

public sealed class RetryPolicySettleTests
{
    private static readonly WebhookOptions Settings = new()
    {
        FirstRetryDelay = TimeSpan.FromSeconds(5),
        MaxRetryDelay = TimeSpan.FromHours(4),
        RetryFor = TimeSpan.FromDays(1),
        DisableAfterFailingFor = TimeSpan.FromDays(3),
    };

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Answered = Now.AddMilliseconds(80);

    [Fact]
    public void A_success_delivers_and_clears_the_subscriptions_failing_streak()
    {
        var (delivery, subscription) = Attempted();
        subscription.FailingSince = Now.AddHours(-2);

        var settled = RetryPolicy.Settle(delivery, subscription, new SendResult(200, null, null, 80), null, Now, Answered, Settings, 0.5);

        Assert.Equal(DeliveryOutcome.Sent, settled.Outcome);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(Answered, delivery.DeliveredAt);
        Assert.Null(subscription.FailingSince);
        Assert.True(subscription.IsActive);
    }

    [Fact]
    public void A_failure_is_retried_after_the_backoff_or_the_longer_retry_after_counted_from_the_answer()
    {
        var (delivery, subscription) = Attempted();

        var settled = RetryPolicy.Settle(delivery, subscription, new SendResult(503, "HTTP 503", null, 80), null, Now, Answered, Settings, 0.5);

        Assert.Equal(DeliveryOutcome.Retried, settled.Outcome);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(Now + TimeSpan.FromSeconds(5), delivery.NextAttemptAt);
        Assert.Equal(Now, subscription.FailingSince);
        Assert.Null(settled.DisabledBecause);

        // A Retry-After counts from the answer, not from when the attempt started.
        RetryPolicy.Settle(delivery, subscription, new SendResult(429, "HTTP 429", TimeSpan.FromMinutes(10), 80), null, Now, Answered, Settings, 0.5);
        Assert.Equal(Answered + TimeSpan.FromMinutes(10), delivery.NextAttemptAt);
    }

    [Fact]
    public void A_delivery_failing_past_the_retry_window_is_given_up_without_disabling_the_subscription()
    {
        var (delivery, subscription) = Attempted(firstAttemptAt: Now - Settings.RetryFor);

        var settled = RetryPolicy.Settle(delivery, subscription, new SendResult(null, "Timed out", null, 10_000), null, Now, Answered, Settings, 0.5);

        Assert.Equal(DeliveryOutcome.Failed, settled.Outcome);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.True(subscription.IsActive);
    }

    [Fact]
    public void A_subscription_failing_for_too_long_is_disabled_and_its_delivery_given_up()
    {
        var (delivery, subscription) = Attempted();
        subscription.FailingSince = Now - Settings.DisableAfterFailingFor;

        var settled = RetryPolicy.Settle(delivery, subscription, new SendResult(500, "HTTP 500", null, 80), null, Now, Answered, Settings, 0.5);

        Assert.Equal(DeliveryOutcome.Failed, settled.Outcome);
        Assert.False(subscription.IsActive);
        Assert.StartsWith("Every attempt failed since", settled.DisabledBecause);
        Assert.Equal(settled.DisabledBecause, subscription.DisabledReason);
    }

    [Fact]
    public void A_webhook_answering_410_is_disabled_and_a_push_subscription_answering_404_ends()
    {
        var (webhook, webhookSubscription) = Attempted();
        var gone = RetryPolicy.Settle(webhook, webhookSubscription, new SendResult(410, "HTTP 410", null, 80), null, Now, Answered, Settings, 0.5);
        Assert.Equal(DeliveryOutcome.Failed, gone.Outcome);
        Assert.False(webhookSubscription.IsActive);
        Assert.False(gone.SubscriptionEnded);

        var (push, pushSubscription) = Attempted(pushKey: "BPush");
        var ended = RetryPolicy.Settle(push, pushSubscription, new SendResult(404, "HTTP 404", null, 80), null, Now, Answered, Settings, 0.5);
        Assert.Equal(DeliveryOutcome.Failed, ended.Outcome);
        Assert.Equal(DeliveryStatus.Failed, push.Status);
        Assert.True(ended.SubscriptionEnded);
    }

    [Fact]
    public void A_verification_request_is_never_retried_and_reports_what_it_showed()
    {
        var (echoed, subscription) = Attempted();
        var verified = RetryPolicy.Settle(echoed, subscription, new SendResult(200, null, null, 80), "challenge-1", Now, Answered, Settings, 0.5);
        Assert.Equal(DeliveryStatus.Delivered, echoed.Status);
        Assert.Equal(new VerificationOutcome(subscription.Id, "challenge-1", Now, null), verified.Verification);

        var (silent, _) = Attempted();
        var refused = RetryPolicy.Settle(silent, subscription, new SendResult(503, "HTTP 503", null, 80), "challenge-2", Now, Answered, Settings, 0.5);
        Assert.Equal(DeliveryOutcome.Failed, refused.Outcome);
        Assert.Equal(DeliveryStatus.Failed, silent.Status);
        Assert.Null(refused.Verification!.VerifiedAt);
        Assert.Null(subscription.FailingSince);
    }

    private static (WebhookDelivery Delivery, Subscription Subscription) Attempted(DateTimeOffset? firstAttemptAt = null, string? pushKey = null)
    {
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(),
            Url = "https://receiver.example/hooks",
            TargetHost = "receiver.example",
            Secret = "protected",
            ManagementTokenHash = [1],
            PushKey = pushKey,
            VerifiedAt = Now.AddDays(-10),
        };
        var delivery = new WebhookDelivery
        {
            Id = WebhookDelivery.NewId(Now),
            SubscriptionId = subscription.Id,
            EventType = "alert.breaking",
            Payload = "{}",
            Status = DeliveryStatus.Pending,
            Attempts = 1,
            FirstAttemptAt = firstAttemptAt ?? Now,
            NextAttemptAt = Now,
        };
        return (delivery, subscription);
    }
}
