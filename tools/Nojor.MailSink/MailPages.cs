using System.Net;
using System.Text;
using MimeKit;

namespace Nojor.MailSink;

/// <summary>
/// What a developer reads the mail on: a list of messages, each shown as its text and HTML parts with every header, and
/// the raw .eml. <c>/api/messages</c> gives the list as JSON (the integration tests read mail through it).
/// </summary>
public static class MailPages
{
    public static WebApplication MapMailPages(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // Messages are shown as text only; their HTML is never rendered here.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next();
        });
        app.MapGet("/", (MailFolder folder) => Html("Mail sink", List(folder.List())));
        app.MapGet("/messages/{id}", (string id, MailFolder folder) =>
            folder.PathOf(id) is { } path ? Html("Message", Show(id, MimeMessage.Load(path))) : Results.NotFound());
        app.MapGet("/messages/{id}/raw", (string id, MailFolder folder) =>
            folder.PathOf(id) is { } path ? Results.File(path, "message/rfc822", id + ".eml") : Results.NotFound());
        app.MapGet("/api/messages", (string? to, MailFolder folder) => Results.Ok(folder.List(to)));
        app.MapGet("/health", () => Results.Ok("healthy"));
        return app;
    }

    private static string List(IReadOnlyList<StoredMail> mails)
    {
        var html = new StringBuilder("<h1>Mail sink</h1><p>Every message the platform sent, newest first.</p>");
        if (mails.Count == 0)
        {
            return html.Append("<p>No mail yet.</p>").ToString();
        }
        html.Append("<table><thead><tr><th scope=\"col\">Received</th><th scope=\"col\">To</th><th scope=\"col\">Subject</th></tr></thead><tbody>");
        foreach (var mail in mails)
        {
            html.Append($"<tr><td>{mail.ReceivedAt:u}</td><td>{E(string.Join(", ", mail.To))}</td>")
                .Append($"<td><a href=\"/messages/{E(mail.Id)}\">{E(mail.Subject)}</a></td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string Show(string id, MimeMessage message)
    {
        var html = new StringBuilder($"<p><a href=\"/\">All mail</a> · <a href=\"/messages/{E(id)}/raw\">Raw .eml</a></p>");
        html.Append($"<h1>{E(message.Subject ?? "")}</h1><h2>Headers</h2><dl>");
        foreach (var header in message.Headers)
        {
            html.Append($"<dt>{E(header.Field)}</dt><dd>{E(header.Value)}</dd>");
        }
        html.Append("</dl><h2>Plain text</h2>").Append($"<pre>{E(message.TextBody ?? "(none)")}</pre>");
        html.Append("<h2>HTML (as source)</h2>").Append($"<pre>{E(message.HtmlBody ?? "(none)")}</pre>");
        return html.ToString();
    }

    private static IResult Html(string title, string body) => Results.Content(
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title></head><body><main>{body}</main></body></html>",
        "text/html; charset=utf-8");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
