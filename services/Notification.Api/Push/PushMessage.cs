using System.Text.Json;
using System.Text.Json.Serialization;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Push;

/// <summary>
/// What a browser's service worker gets for one alert: the few fields a notification shows and links to, not the whole
/// webhook envelope (a push message holds under 4 KB, and the report's places and tags are of no use on a lock screen).
/// </summary>
public sealed record PushMessage(
    string Type,
    string AlertId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Supersedes,
    string Headline,
    string? Summary,
    string Url,
    int? Urgency,
    string Topic)
{
    /// <summary>Summaries are cut to this many characters: enough for a notification's body, and the message stays small.</summary>
    public const int MaxSummaryLength = 300;

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The alert stored for webhook delivery, in push form. The topic names the story (or, outside a story, the report),
    /// so a newer alert on it replaces one the push service still holds (RFC 8030 5.4), as supersede does for webhooks.
    /// </summary>
    public static PushMessage From(string alertPayload)
    {
        var envelope = JsonSerializer.Deserialize<WebhookPayload<AlertData>>(alertPayload, SerializerOptions)
            ?? throw new InvalidOperationException("The alert's payload is empty.");
        var data = envelope.Data;
        var summary = envelope.Type switch
        {
            AlertTypes.Corrected => data.CorrectionNote ?? data.Summary,
            AlertTypes.Retracted => data.RetractionReason ?? data.Summary,
            _ => data.Summary,
        };
        return new PushMessage(envelope.Type, data.AlertId, data.Supersedes, data.Headline,
            summary is { Length: > MaxSummaryLength } ? summary[..(MaxSummaryLength - 1)] + "…" : summary,
            data.Url, data.Urgency, TopicFor(data.StoryId ?? data.ArticleId));
    }

    /// <summary>RFC 8030 topics are at most 32 characters of the base64url alphabet: a GUID's 32 hex digits fit exactly.</summary>
    public static string TopicFor(Guid storyOrArticle) => storyOrArticle.ToString("N");

    /// <summary>
    /// The push service's <c>Urgency</c> (RFC 8030 5.3) from the report's urgency, 1 (flash) to 5: a phone on battery saving
    /// still wakes for a flash; routine follow-ups may wait for the device to be awake anyway.
    /// </summary>
    public string PushUrgency => Urgency switch
    {
        1 or 2 => "high",
        4 or 5 => "low",
        _ => "normal",
    };

    /// <summary>
    /// How long the push service keeps the message for a device that is offline (RFC 8030 5.2). News goes stale: the more
    /// urgent the report, the longer it is still worth a notification when the device comes back.
    /// </summary>
    public TimeSpan TimeToLive => Urgency switch
    {
        1 or 2 => TimeSpan.FromHours(12),
        4 or 5 => TimeSpan.FromHours(2),
        _ => TimeSpan.FromHours(6),
    };

    /// <summary>
    /// The message as sent. One that would not fit a push record (an unusually long headline) loses its summary, then
    /// has its headline shortened: a notification that says less beats one the push service refuses on every retry.
    /// </summary>
    public byte[] ToUtf8Json()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, SerializerOptions);
        if (json.Length <= WebPushEncryption.MaxPlaintextLength)
        {
            return json;
        }
        json = JsonSerializer.SerializeToUtf8Bytes(this with { Summary = null }, SerializerOptions);
        return json.Length <= WebPushEncryption.MaxPlaintextLength
            ? json
            : JsonSerializer.SerializeToUtf8Bytes(this with { Summary = null, Headline = Headline[..Math.Min(Headline.Length, 500)] + "…" }, SerializerOptions);
    }
}
