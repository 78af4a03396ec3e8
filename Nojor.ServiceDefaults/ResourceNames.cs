namespace Nojor;

/// <summary>
/// Names the AppHost gives its resources; services use them as connection-string and
/// service-discovery names. Linked into the AppHost so both sides share one spelling.
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

    /// <summary>A second article-service instance (AppHost <c>Articles:SecondInstance</c>), for multi-instance tests.</summary>
    public const string ArticleApiSecondInstance = "article-api-2";
    public const string FeedbackApi = "feedback-api";
    public const string NotificationApi = "notification-api";

    /// <summary>A second notification-service instance (AppHost <c>Notifications:SecondInstance</c>), for multi-instance tests.</summary>
    public const string NotificationApiSecondInstance = "notification-api-2";
    public const string Gateway = "gateway";

    /// <summary>The local SMTP sink e-mail alerts go to in a run (a page lists what arrived); never deployed.</summary>
    public const string MailSink = "mail";

    /// <summary>The reader web app; the gateway sends it every path that is not the API's.</summary>
    public const string Web = "web";

    /// <summary>A second web instance (AppHost <c>Web:SecondInstance</c>), for multi-instance tests.</summary>
    public const string WebSecondInstance = "web-2";
}
