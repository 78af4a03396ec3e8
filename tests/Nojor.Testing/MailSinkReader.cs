using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MimeKit;

namespace Nojor.Testing;

/// <summary>Reads the mail the platform sent from the AppHost's local SMTP sink (its JSON list and raw .eml files).</summary>
public sealed partial class MailSinkReader(DistributedApplication platform)
{
    private readonly HttpClient _sink = platform.CreateHttpClient(ResourceNames.MailSink, "http");

    /// <summary>Every message accepted for <paramref name="address"/>, newest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> ForAsync(string address)
    {
        var list = await _sink.GetFromJsonAsync<JsonElement>($"/api/messages?to={Uri.EscapeDataString(address)}");
        var messages = new List<MimeMessage>();
        foreach (var item in list.EnumerateArray())
        {
            await using var raw = await _sink.GetStreamAsync($"/messages/{item.GetProperty("id").GetString()}/raw");
            messages.Add(await MimeMessage.LoadAsync(raw));
        }
        return messages;
    }

    /// <summary>Waits for a message to <paramref name="address"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<MimeMessage> WaitForAsync(string address, string subject, TimeSpan timeout)
    {
        MimeMessage? found = null;
        await Eventually.EventuallyAsync(async () =>
        {
            found = (await ForAsync(address)).FirstOrDefault(m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true);
            return found is not null;
        }, timeout, $"an e-mail about “{subject}”");
        return found!;
    }

    /// <summary>The confirmation link in a confirmation message's plain-text part.</summary>
    public static Uri ConfirmationLink(MimeMessage message) => new(ConfirmLink().Match(message.TextBody ?? "").Value);

    [GeneratedRegex(@"https?://\S+/alerts/email/confirm\?token=\S+")]
    private static partial Regex ConfirmLink();
}
