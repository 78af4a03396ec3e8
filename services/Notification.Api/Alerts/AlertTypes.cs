namespace Nojor.Notifications.Alerts;

/// <summary>The <c>type</c> of each webhook and stream message.</summary>
public static class AlertTypes
{
    public const string Breaking = "article.breaking";
    public const string Updated = "article.updated";
    public const string Corrected = "article.corrected";
    public const string Retracted = "article.retracted";
    public const string Ping = "webhook.ping";

    /// <summary>Sent to a new or changed endpoint; it must echo the challenge before it receives alerts.</summary>
    public const string Verification = "webhook.verification";
}
