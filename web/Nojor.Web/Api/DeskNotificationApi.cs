namespace Nojor.Web.Api;

/// <summary>The notification service's editors' reads as the desk uses them, with the signed-in editor's token.</summary>
public sealed class DeskNotificationApi(HttpClient http) : ServiceClient(http, "notification-api")
{
    /// <summary>How each alert the report raised went out, newest first (an empty list before the first one is raised).</summary>
    public Task<ApiResult<AlertDeliveryList>> AlertsForAsync(Guid articleId, CancellationToken cancellationToken) =>
        GetAsync<AlertDeliveryList>($"/api/notifications/alerts/by-article/{articleId}", cancellationToken);
}
