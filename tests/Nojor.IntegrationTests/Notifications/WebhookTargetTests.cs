using Nojor.IntegrationTests.Gateway;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>
/// The local platform lets webhooks reach loopback (every test receiver lives there) and nothing else internal: a
/// subscription cannot probe the machine's network or the cloud's metadata service, whatever form the address takes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebhookTargetTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://10.1.2.3:8080/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://192.0.0.192/opc/v2/instance/")]
    [InlineData("http://198.18.0.1/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/")]
    [InlineData("http://[64:ff9b:1::a00:1]/hook")]
    [InlineData("http://[2002:a9fe:a9fe::1]/latest/meta-data/")]
    public async Task A_local_run_refuses_private_link_local_and_metadata_targets(string url)
    {
        var response = await platform.Gateway.PostAsJsonAsync("/api/subscriptions", new { url });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("loopback only", problem.GetProperty("errors").GetProperty("url")[0].GetString());
    }
}
