using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Email;

/// <summary>
/// Writes each e-mail from our own template: a plain-text and an HTML part saying the same, every user-supplied string
/// encoded, and on alerts the RFC 8058 one-click unsubscribe headers (the link is signed, so the POST needs no cookie).
/// </summary>
public sealed class EmailComposer(EmailLinks links, IOptions<EmailOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public MimeMessage Compose(EmailDelivery delivery, EmailSubscription subscription)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(subscription.Address));
        // The delivery id on every attempt: a retry after a lost answer is the same message to the receiving side.
        message.MessageId = $"{delivery.Id}@{options.Value.PublicBaseUrl.Host}";
        message.Date = delivery.CreatedAt;
        // Automatic mail: vacation responders and the like must not answer it (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        // One link per message: each protection is freshly encrypted, so the header and the body must share the same one.
        var unsubscribe = links.UnsubscribeUrl(subscription.Id).AbsoluteUri;
        var (subject, text, html) = delivery.Kind switch
        {
            EmailDelivery.ConfirmationKind => Confirmation(subscription),
            EmailDelivery.DigestKind => Digest(delivery, subscription, unsubscribe),
            _ => Alert(delivery, unsubscribe),
        };
        message.Subject = subject;
        if (delivery.Kind != EmailDelivery.ConfirmationKind)
        {
            // RFC 2369 and RFC 8058: mail clients show an unsubscribe button and POST "List-Unsubscribe=One-Click" to
            // the signed link, without cookies; one click stops the next alert.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.Body = new MultipartAlternative
        {
            new TextPart("plain") { Text = text },
            new TextPart("html") { Text = html },
        };
        return message;
    }

    private (string Subject, string Text, string Html) Confirmation(EmailSubscription subscription)
    {
        var confirm = links.ConfirmationUrl(subscription.Id).AbsoluteUri;
        var days = (int)Math.Round(options.Value.ConfirmationLinkLifetime.TotalDays);
        const string subject = "Confirm your Nojor e-mail alerts";
        var text = $"""
            Someone, probably you, asked for Nojor's breaking-news alerts at this address.

            To start receiving them, open this link and confirm:
            {confirm}

            The link works for {days} days. If you did not ask for alerts, ignore this message: nothing more will be sent.
            """;
        var html = Page(subject, $"""
            <p>Someone, probably you, asked for Nojor's breaking-news alerts at this address.</p>
            <p><a href="{Attr(confirm)}">Confirm your e-mail alerts</a></p>
            <p>The link works for {days} days. If you did not ask for alerts, ignore this message: nothing more will be sent.</p>
            """);
        return (subject, text, html);
    }

    private static (string Subject, string Text, string Html) Alert(EmailDelivery delivery, string unsubscribe)
    {
        var data = JsonSerializer.Deserialize<WebhookPayload<AlertData>>(delivery.Payload, Json)!.Data;
        var label = LabelOf(delivery.Kind);
        var subject = $"{label}: {data.Headline}";
        var note = delivery.Kind switch
        {
            AlertTypes.Corrected when data.CorrectionNote is { Length: > 0 } correction => $"Correction: {correction}",
            AlertTypes.Retracted => $"This report was retracted{(data.RetractionReason is { Length: > 0 } reason ? ": " + reason : ".")}",
            _ => null,
        };

        var text = new StringBuilder()
            .AppendLine(subject)
            .AppendLine();
        if (data.Summary is { Length: > 0 } summary)
        {
            text.AppendLine(summary).AppendLine();
        }
        if (note is not null)
        {
            text.AppendLine(note).AppendLine();
        }
        text.AppendLine($"Read the report: {data.Url}")
            .AppendLine()
            .AppendLine("You get this because you asked for Nojor's e-mail alerts.")
            .AppendLine($"Stop them with one click: {unsubscribe}");

        var html = Page(subject, $"""
            <p><strong>{WebUtility.HtmlEncode(label)}</strong></p>
            <h1><a href="{Attr(data.Url)}">{WebUtility.HtmlEncode(data.Headline)}</a></h1>
            {(data.Summary is { Length: > 0 } s ? $"<p>{WebUtility.HtmlEncode(s)}</p>" : "")}
            {(note is null ? "" : $"<p>{WebUtility.HtmlEncode(note)}</p>")}
            <p><a href="{Attr(data.Url)}">Read the report on Nojor</a></p>
            <hr>
            <p>You get this because you asked for Nojor's e-mail alerts. <a href="{Attr(unsubscribe)}">Stop them with one click</a>.</p>
            """);
        return (subject, text.ToString(), html);
    }

    private static (string Subject, string Text, string Html) Digest(EmailDelivery delivery, EmailSubscription subscription, string unsubscribe)
    {
        var digest = EmailDigest.FromJson(delivery.Payload);
        var (period, kind) = subscription.Frequency == EmailFrequency.Hourly ? ("hour", "hourly") : ("day", "daily");
        var subject = digest.Items.Count == 1
            ? $"Your Nojor digest: {digest.Items[0].Data.Headline}"
            : $"Your Nojor digest: {digest.Items.Count} reports";
        var text = new StringBuilder()
            .AppendLine($"What happened in the last {period} in the news you follow:")
            .AppendLine();
        var list = new StringBuilder();
        foreach (var item in digest.Items)
        {
            var label = LabelOf(item.Type);
            text.AppendLine($"- {label}: {item.Data.Headline}").AppendLine($"  {item.Data.Url}");
            list.Append($"<li><strong>{WebUtility.HtmlEncode(label)}:</strong> <a href=\"{Attr(item.Data.Url)}\">{WebUtility.HtmlEncode(item.Data.Headline)}</a></li>");
        }
        text.AppendLine()
            .AppendLine($"You get this because you asked for Nojor's {kind} e-mail digest.")
            .AppendLine($"Stop it with one click: {unsubscribe}");
        var html = Page(subject, $"""
            <p>What happened in the last {period} in the news you follow:</p>
            <ul>{list}</ul>
            <hr>
            <p>You get this because you asked for Nojor's {kind} e-mail digest. <a href="{Attr(unsubscribe)}">Stop it with one click</a>.</p>
            """);
        return (subject, text.ToString(), html);
    }

    private static string LabelOf(string type) => type switch
    {
        AlertTypes.Breaking => "Breaking",
        AlertTypes.Corrected => "Correction",
        AlertTypes.Retracted => "Retracted",
        _ => "Update",
    };

    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body>
        {body}
        </body>
        </html>
        """;

    private static string Attr(string value) => WebUtility.HtmlEncode(value);
}
