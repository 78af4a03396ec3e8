using System.Text.Json;
using Nojor.Notifications.Alerts;

namespace Nojor.Notifications.Email;

/// <summary>The payload of a digest e-mail: the period it covers and the alerts of it, one per report (the latest).</summary>
public sealed record EmailDigest(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<EmailDigestItem> Items)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EmailDigest FromJson(string json) => JsonSerializer.Deserialize<EmailDigest>(json, Json)!;
}

/// <summary>One report in a digest: what its latest alert of the period said.</summary>
public sealed record EmailDigestItem(string Type, DateTimeOffset At, AlertData Data);
