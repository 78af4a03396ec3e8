using System.Text.Json;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class BreakingNewsFlowTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_breaking_report_filed_through_the_gateway_reaches_a_registered_webhook_signed()
    {
        output.WriteLine($"platform healthy after {platform.StartedIn.TotalSeconds:F1} s");
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestData.SubscribeAsync(platform.Gateway, receiver.Url);
        var headline = TestData.Unique("Border crossing reopens after overnight talks");

        var filed = await TestData.FileBreakingReportAsync(platform.EditorGateway(), headline);
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var article = await filed.Content.ReadFromJsonAsync<JsonElement>();

        var webhook = await receiver.WaitForAsync(headline, DeliveryTimeout);
        output.WriteLine($"delivered: {webhook.Body}");

        TestData.AssertSignedPerStandardWebhooks(webhook, subscription.Secret);
        Assert.StartsWith("msg_", webhook.Headers["webhook-id"]);
        using var payload = JsonDocument.Parse(webhook.Body);
        Assert.Equal("article.breaking", payload.RootElement.GetProperty("type").GetString());
        var data = payload.RootElement.GetProperty("data");
        Assert.Equal(headline, data.GetProperty("headline").GetString());
        Assert.Equal(article.GetProperty("slug").GetString(), data.GetProperty("slug").GetString());
        Assert.Equal(article.GetProperty("url").GetString(), data.GetProperty("url").GetString());
        Assert.Equal(2, data.GetProperty("urgency").GetInt32());

        // Exactly once: nothing else for this report turns up before a report filed after it.
        await ReceiveMarkerAsync(receiver);
        Assert.Single(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_report_filed_while_the_broker_is_down_is_delivered_once_it_is_back()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await TestData.SubscribeAsync(platform.Gateway, receiver.Url);
        var headline = TestData.Unique("Storm cuts power to the coastal towns");

        await platform.ExecuteResourceCommandAsync(ResourceNames.Messaging, KnownResourceCommands.Stop);
        try
        {
            using (var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await platform.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Messaging, KnownResourceStates.TerminalStates, stopped.Token);
            }

            var filed = await TestData.FileBreakingReportAsync(platform.EditorGateway(), headline);
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode); // the write does not depend on the broker
        }
        finally
        {
            await platform.ExecuteResourceCommandAsync(ResourceNames.Messaging, KnownResourceCommands.Start);
        }

        using (var healthy = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Messaging, healthy.Token);
        }
        var webhook = await receiver.WaitForAsync(headline, TimeSpan.FromSeconds(90));
        output.WriteLine($"delivered after the broker came back: {webhook.Body}");
        await ReceiveMarkerAsync(receiver);
        Assert.Single(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
    }

    /// <summary>
    /// Files a breaking report after everything the test filed and waits for it: a late or duplicate delivery of an
    /// earlier one would have come by then, so asserting its absence afterwards proves something.
    /// </summary>
    private async Task ReceiveMarkerAsync(WebhookReceiver receiver)
    {
        var marker = TestData.Unique("Marker: the harbour lights are on");
        Assert.Equal(HttpStatusCode.Created, (await TestData.FileBreakingReportAsync(platform.EditorGateway(), marker)).StatusCode);
        await receiver.ReceivedAsync(marker, DeliveryTimeout);
    }
}

/// <summary>Names of the dashboard's built-in resource commands.</summary>
internal static class KnownResourceCommands
{
    public const string Start = "resource-start";
    public const string Stop = "resource-stop";
}
