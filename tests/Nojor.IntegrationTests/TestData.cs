using System.Security.Cryptography;
using System.Text;

namespace Nojor.IntegrationTests;

internal static class TestData
{
    public static string Unique(string headline) => $"{headline} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Subscribes and waits until the endpoint has answered its verification request, as alerts go to verified endpoints only.</summary>
    public static async Task<(string Id, string Secret, string Token)> SubscribeAsync(HttpClient gateway, string url)
    {
        var (id, secret, token) = await WebhookSubscriptions.SubscribeAsync(gateway, url);
        return (id, secret, token);
    }

    public static Task<HttpResponseMessage> FileBreakingReportAsync(HttpClient editor, string headline) =>
        editor.PostAsJsonAsync("/api/articles", new
        {
            headline,
            summary = "Officials on both sides met at the crossing after a night of shelling was reported.",
            body = "Residents of the valley described a quiet morning after the talks began.",
            section = "world",
            tags = new[] { "border" },
            urgency = 2,
            breaking = true,
        });

    /// <summary>
    /// Verifies a Standard Webhooks signature with nothing but the specification: HMAC-SHA256 over
    /// "id.timestamp.body" keyed with the base64 part of the whsec_ secret.
    /// </summary>
    public static void AssertSignedPerStandardWebhooks(ReceivedWebhook webhook, string secret)
    {
        var id = webhook.Headers["webhook-id"];
        var timestamp = webhook.Headers["webhook-timestamp"];
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        using var hmac = new HMACSHA256(key);
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{webhook.Body}")));
        var signatures = webhook.Headers["webhook-signature"].Split(' ');
        Assert.Contains($"v1,{expected}", signatures);
        Assert.InRange(long.Parse(timestamp), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
    }
}
