using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public class WebhookSignerTests
{
    // The example published with the Standard Webhooks specification.
    [Fact]
    public void Matches_the_specification_example()
    {
        var signature = WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Any_change_to_id_timestamp_or_body_changes_the_signature()
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var original = WebhookSigner.Sign(secret, "msg_1", 100, "{}");
        Assert.NotEqual(original, WebhookSigner.Sign(secret, "msg_2", 100, "{}"));
        Assert.NotEqual(original, WebhookSigner.Sign(secret, "msg_1", 101, "{}"));
        Assert.NotEqual(original, WebhookSigner.Sign(secret, "msg_1", 100, "{ }"));
    }

    [Fact]
    public async Task A_request_carries_the_stored_payload_its_id_timestamp_and_one_signature_per_current_secret()
    {
        const string current = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string previous = "whsec_c2VjcmV0LWJlZm9yZS10aGUtcm90YXRpb24=";
        var now = DateTimeOffset.FromUnixTimeSeconds(1614265330);
        const string payload = "{\"headline\":\"Floods\"}";
        var subscription = new Subscription
        {
            Url = "https://receiver.example/hooks",
            TargetHost = "receiver.example",
            Secret = "protected",
            ManagementTokenHash = [1],
        };

        using var request = WebhookSigner.Request("msg_1", payload, subscription, [current, previous], now);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("https://receiver.example/hooks"), request.RequestUri);
        Assert.Equal(payload, await request.Content!.ReadAsStringAsync());
        Assert.Equal("application/json", request.Content.Headers.ContentType?.MediaType);
        Assert.Equal("msg_1", Assert.Single(request.Headers.GetValues(WebhookSigner.IdHeader)));
        Assert.Equal("1614265330", Assert.Single(request.Headers.GetValues(WebhookSigner.TimestampHeader)));
        Assert.Equal(
            $"{WebhookSigner.Sign(current, "msg_1", 1614265330, payload)} {WebhookSigner.Sign(previous, "msg_1", 1614265330, payload)}",
            Assert.Single(request.Headers.GetValues(WebhookSigner.SignatureHeader)));
    }
}
