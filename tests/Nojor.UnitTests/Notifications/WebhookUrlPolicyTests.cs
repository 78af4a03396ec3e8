using System.Net;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public class WebhookUrlPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("0.0.0.0")]
    public void Internal_addresses_are_recognised(string address) => Assert.True(WebhookUrlPolicy.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_are_allowed(string address) => Assert.False(WebhookUrlPolicy.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("http://user:pass@example.com/hook")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    public async Task Refuses_urls_that_are_not_public_http(string url)
    {
        var policy = new WebhookUrlPolicy(Options.Create(new WebhookOptions { AllowPrivateTargets = false }));
        Assert.NotNull(await policy.FindProblemAsync(url, CancellationToken.None));
    }

    [Fact]
    public async Task Loopback_is_allowed_when_the_development_setting_is_on()
    {
        var policy = new WebhookUrlPolicy(Options.Create(new WebhookOptions { AllowPrivateTargets = true }));
        Assert.Null(await policy.FindProblemAsync("http://127.0.0.1:8080/hook", CancellationToken.None));
    }
}
