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
}
