using Nojor.Web.Api;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>
/// How the alerts a published report raised went out, for the report's desk page and for the fragment
/// (<c>/desk/reports/{id}/alerts</c>) that <c>/js/desk.js</c> swaps in while the counts are moving.
/// </summary>
/// <param name="Alerts">Newest first; null when the counts could not be read (<paramref name="Unavailable"/> says why).</param>
public sealed record AlertDeliveryPanel(Guid ReportId, bool Breaking, IReadOnlyList<AlertDelivery>? Alerts, string? Unavailable)
{
    public string RefreshPath => $"/desk/reports/{ReportId}/alerts";

    /// <summary>
    /// Still moving: deliveries pending, or a breaking report whose alert the notification service has not raised yet (it
    /// does so moments after the publication's event arrives).
    /// </summary>
    public bool Settled => Alerts is { } alerts && (alerts.Count > 0 || !Breaking) && alerts.All(a => a.Settled);

    /// <summary>The panel for a report, or null when there is nothing to show (not published, or routine news that raised no alert).</summary>
    public static async Task<AlertDeliveryPanel?> LoadAsync(DeskNotificationApi notifications, DeskArticle report, CancellationToken cancellationToken)
    {
        if (report.Status is not ("published" or "retracted"))
        {
            return null;
        }
        try
        {
            var read = await notifications.AlertsForAsync(report.Id, cancellationToken);
            if (read.Problem is { } problem)
            {
                return new AlertDeliveryPanel(report.Id, report.Breaking, null, problem.Message);
            }
            var alerts = read.Value?.Items ?? [];
            return alerts.Count == 0 && !report.Breaking ? null : new AlertDeliveryPanel(report.Id, report.Breaking, alerts, null);
        }
        catch (ServiceUnavailableException)
        {
            // The report itself is still editable: only the counts wait for the notification service.
            return new AlertDeliveryPanel(report.Id, report.Breaking, null,
                "The notification service is not answering, so the delivery counts cannot be shown right now.");
        }
    }

    public static string Describe(string type) => type switch
    {
        "article.breaking" => "Breaking alert",
        "article.updated" => "Update alert",
        "article.corrected" => "Correction alert",
        "article.retracted" => "Retraction alert",
        _ => "Alert",
    };
}
