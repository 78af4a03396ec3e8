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
