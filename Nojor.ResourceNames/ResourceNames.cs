namespace Nojor;

/// <summary>
/// Names the AppHost gives its resources; services use them as connection-string and
/// service-discovery names. A project of its own, referenced by the AppHost and (through the service defaults) by every
/// service, so both sides share one spelling.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string ArticleDatabase = "articledb";
    public const string FeedbackDatabase = "feedbackdb";
    public const string NotificationDatabase = "notificationdb";
    public const string Cache = "cache";
    public const string Messaging = "messaging";

    public const string ArticleApi = "article-api";

    /// <summary>A second article-service instance (AppHost <c>Articles:SecondInstance</c> or <c>Platform:Replicas</c>), for multi-instance tests.</summary>
    public const string ArticleApiSecondInstance = "article-api-2";
    public const string FeedbackApi = "feedback-api";

    /// <summary>A second feedback-service instance (AppHost <c>Platform:Replicas</c>).</summary>
    public const string FeedbackApiSecondInstance = "feedback-api-2";
    public const string NotificationApi = "notification-api";

    /// <summary>A second notification-service instance (AppHost <c>Notifications:SecondInstance</c> or <c>Platform:Replicas</c>), for multi-instance tests.</summary>
    public const string NotificationApiSecondInstance = "notification-api-2";
    public const string Gateway = "gateway";

    /// <summary>A second gateway (AppHost <c>Platform:Replicas</c>), on a port of its own, routing to every instance like the first.</summary>
    public const string GatewaySecondInstance = "gateway-2";

    /// <summary>The local SMTP sink e-mail alerts go to in a run (a page lists what arrived); never deployed.</summary>
    public const string MailSink = "mail";

    /// <summary>The reader web app; the gateway sends it every path that is not the API's.</summary>
    public const string Web = "web";

    /// <summary>A second web instance (AppHost <c>Web:SecondInstance</c> or <c>Platform:Replicas</c>), for multi-instance tests.</summary>
    public const string WebSecondInstance = "web-2";

    /// <summary>
    /// The name of instance <paramref name="number"/> (from 1) of a resource: the first keeps the resource's own name (its
    /// service-discovery name), the others add their number, as <c>article-api-2</c>.
    /// </summary>
    public static string Instance(string resource, int number) => number == 1 ? resource : $"{resource}-{number}";
}
