using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Alerts;

/// <summary>Deliveries of one channel by outcome. Superseded ones were replaced by a newer alert on the same story before they went out.</summary>
public sealed record ChannelDeliveries(int Delivered, int Pending, int Failed, int Superseded)
{
    public static readonly ChannelDeliveries None = new(0, 0, 0, 0);

    public int Total => Delivered + Pending + Failed + Superseded;
}

/// <summary>The stream clients of one service instance that an alert was written to.</summary>
public sealed record InstanceReach(string Instance, int Clients, DateTimeOffset UpdatedAt);

/// <param name="SubscribersMatched">Subscribers on every channel the alert was addressed to (webhooks, push, e-mail).</param>
/// <param name="StreamClientsReached">Live stream clients, on every instance, the alert was written to.</param>
public sealed record AlertDeliveryReport(string AlertId, string Type, DateTimeOffset RaisedAt, bool Breaking, int? Urgency,
    string? SupersedesAlertId, int SubscribersMatched, ChannelDeliveries Webhooks, ChannelDeliveries Push, ChannelDeliveries Email,
    int StreamClientsReached, IReadOnlyList<InstanceReach> StreamsByInstance);

public sealed record AlertDeliveryList(IReadOnlyList<AlertDeliveryReport> Items);

/// <summary>For editors: how the alerts raised by a report went out, channel by channel, newest first.</summary>
public static class AlertDeliveryEndpoints
{
    public const string BasePath = "/api/notifications/alerts";

    /// <summary>A report is corrected and updated a handful of times at most; more alerts than this are not shown.</summary>
    private const int MaxAlerts = 20;

    public static IEndpointRouteBuilder MapAlertDeliveryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(BasePath + "/by-article/{articleId:guid}", ForArticle).WithTags("Editorial")
            .RequireAuthorization(EditorAuthentication.EditorPolicy)
            .WithName("AlertDeliveriesForArticle")
            .WithSummary("How each alert a report raised went out: subscribers matched, deliveries by outcome, stream clients reached")
            .WithDescription("""
                Newest alert first, at most 20. Counts are live: pending deliveries become delivered or failed as the workers
                send them, and stream clients are added by each instance about once a second.
                """)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<Ok<AlertDeliveryList>> ForArticle(Guid articleId, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.ArticleId == articleId)
            .OrderByDescending(a => a.Sequence).Take(MaxAlerts)
            .Select(a => new { a.Sequence, a.Id, a.Type, a.CreatedAt, a.Facts, a.SupersedesAlertId })
            .ToListAsync(cancellationToken);
        if (alerts.Count == 0)
        {
            return TypedResults.Ok(new AlertDeliveryList([]));
        }
        var ids = alerts.Select(a => a.Id).ToList();
        var sequences = alerts.Select(a => a.Sequence).ToList();

        // Push subscriptions are subscriptions with a push key; their deliveries share the webhook table and worker.
        var subscriberDeliveries = await db.Deliveries.AsNoTracking()
            .Where(d => d.AlertId != null && ids.Contains(d.AlertId))
            .Join(db.Subscriptions, d => d.SubscriptionId, s => s.Id, (d, s) => new { d.AlertId, d.Status, Push = s.PushKey != null })
            .GroupBy(d => new { d.AlertId, d.Status, d.Push })
            .Select(g => new { g.Key.AlertId, g.Key.Status, g.Key.Push, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var emailDeliveries = await db.EmailDeliveries.AsNoTracking()
            .Where(d => d.AlertId != null && ids.Contains(d.AlertId))
            .GroupBy(d => new { d.AlertId, d.Status })
            .Select(g => new { g.Key.AlertId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var reach = (await db.StreamReach.AsNoTracking().Where(r => sequences.Contains(r.AlertSequence))
                .OrderBy(r => r.Instance).ToListAsync(cancellationToken))
            .ToLookup(r => r.AlertSequence);

        var reports = alerts.Select(alert =>
        {
            var webhooks = Tally(subscriberDeliveries.Where(d => d.AlertId == alert.Id && !d.Push).Select(d => (d.Status, d.Count)));
            var push = Tally(subscriberDeliveries.Where(d => d.AlertId == alert.Id && d.Push).Select(d => (d.Status, d.Count)));
            var email = Tally(emailDeliveries.Where(d => d.AlertId == alert.Id).Select(d => (d.Status, d.Count)));
            var streams = reach[alert.Sequence].Select(r => new InstanceReach(r.Instance, r.Clients, r.UpdatedAt)).ToList();
            return new AlertDeliveryReport(alert.Id, alert.Type, alert.CreatedAt, alert.Facts.IsBreaking, alert.Facts.Urgency,
                alert.SupersedesAlertId, webhooks.Total + push.Total + email.Total, webhooks, push, email,
                streams.Sum(s => s.Clients), streams);
        }).ToList();
        return TypedResults.Ok(new AlertDeliveryList(reports));
    }

    private static ChannelDeliveries Tally(IEnumerable<(DeliveryStatus Status, int Count)> counts)
    {
        var tally = ChannelDeliveries.None;
        foreach (var (status, count) in counts)
        {
            tally = status switch
            {
                DeliveryStatus.Delivered => tally with { Delivered = tally.Delivered + count },
                DeliveryStatus.Pending => tally with { Pending = tally.Pending + count },
                DeliveryStatus.Failed => tally with { Failed = tally.Failed + count },
                _ => tally with { Superseded = tally.Superseded + count },
            };
        }
        return tally;
    }
}
