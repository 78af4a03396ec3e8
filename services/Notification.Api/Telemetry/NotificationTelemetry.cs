using System.Diagnostics;

namespace Nojor.Notifications.Telemetry;

/// <summary>
/// The notification service's spans. An alert's trace runs from the request that published the report through the
/// outbox relay and the broker into the consumer that raised the alert; each delivery attempt (webhook, push, e-mail)
/// is a trace of its own that links back to that consumer's span. As children, one alert to 10,000 subscribers (and
/// every retry) would make one unreadable trace; as links, the alert's trace stays small and each attempt still leads
/// back to the report it is about.
/// </summary>
public static class NotificationTelemetry
{
    /// <summary>The name of both the activity source and the meter (<see cref="NotificationMetrics"/>).</summary>
    public const string Name = "Nojor.Notifications";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// The trace context to keep with an alert's deliveries: the activity raising it (the consumer's), as a W3C
    /// <c>traceparent</c>; null when there is none to link to.
    /// </summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts the span of one delivery attempt as the root of a trace of its own, linked to the alert's trace when
    /// <paramref name="alertTraceParent"/> names one; null when no listener records it (then nothing is parsed or tagged).
    /// Call it from the async method that makes the attempt: it clears the ambient activity of that flow only.
    /// </summary>
    public static Activity? StartAttempt(string channel, string deliveryId, string? alertId, int attempt, string? alertTraceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        // A root, whatever runs around the attempt: a parent is what the links replace.
        Activity.Current = null;
        ActivityLink[]? links = alertTraceParent is not null && ActivityContext.TryParse(alertTraceParent, null, isRemote: true, out var alert)
            ? [new ActivityLink(alert)]
            : null;
        var activity = Source.StartActivity(ActivityKind.Producer, links: links, name: SpanName(channel));
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("nojor.delivery.channel", channel);
            activity.SetTag("nojor.delivery.id", deliveryId);
            activity.SetTag("nojor.alert.id", alertId);
            activity.SetTag("nojor.delivery.attempt", attempt);
        }
        return activity;
    }

    /// <summary>Records how the attempt ended on its span: sent, retried (with the error) or failed (given up, with the error).</summary>
    public static void Outcome(Activity? activity, DeliveryOutcome outcome, string? error)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("nojor.delivery.outcome", NotificationMetrics.OutcomeName(outcome));
        activity.SetStatus(outcome == DeliveryOutcome.Sent ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
    }

    private static string SpanName(string channel) => channel switch
    {
        DeliveryChannels.Push => "push delivery",
        DeliveryChannels.Email => "email delivery",
        _ => "webhook delivery",
    };
}

/// <summary>The values of the <c>nojor.delivery.channel</c> tag.</summary>
public static class DeliveryChannels
{
    public const string Webhook = "webhook";
    public const string Push = "push";
    public const string Email = "email";
}

/// <summary>How one attempt (or a delivery given up without one) ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver took it.</summary>
    Sent,

    /// <summary>The attempt failed and another is scheduled.</summary>
    Retried,

    /// <summary>Given up: refused for good, retried for too long, or its subscription is gone or disabled.</summary>
    Failed,
}
