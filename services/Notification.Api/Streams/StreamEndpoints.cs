using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Hosting;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Streams;

public static class StreamEndpoints
{
    public const string StreamPath = "/api/notifications/stream";
    private const string LastEventIdHeader = "Last-Event-ID";

    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(StreamPath, Stream).WithTags("Notifications").WithName("StreamNotifications")
            .WithSummary("Live alerts as Server-Sent Events")
            .WithDescription("""
                Filters as query parameters, as for subscriptions: sections, tags, places (Country/Region/District),
                stories, minimumUrgency, breakingOnly, language. Each event's id is the alert's position in the log;
                reconnect with the Last-Event-ID header (or lastEventId parameter) to receive what was missed.
                A comment line is sent as heartbeat when nothing else is.
                """)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return routes;
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Stream(
        HttpContext context, [AsParameters] StreamServices services)
    {
        var (filter, errors) = StreamQuery.Parse(context.Request.Query);
        var resumeFrom = context.Request.Headers[LastEventIdHeader].FirstOrDefault() ?? context.Request.Query["lastEventId"].FirstOrDefault();
        long? lastSeen = null;
        if (!string.IsNullOrEmpty(resumeFrom))
        {
            if (long.TryParse(resumeFrom, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                lastSeen = parsed;
            }
            else
            {
                errors["lastEventId"] = ["The last event id is a number from an earlier event."];
            }
        }
        if (filter is null || errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        using var place = services.Connections.TryOpen(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (place is null)
        {
            // A stream is a reconnecting client's normal state: Retry-After tells EventSource-like clients to back off.
            context.Response.Headers.RetryAfter = "30";
            return Problems.TooManyRequests(
                $"This address already holds {services.Options.Value.MaxPerClient} open alert streams; close one first.");
        }

        // Streams end when the instance shuts down, so it stops promptly; clients reconnect (to any instance) and resume.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, services.Lifetime.ApplicationStopping);
        var cancellationToken = ended.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies not to buffer; YARP streams responses as they come anyway.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        // Join before reading the backlog, so nothing committed in between is missed. The hub hands alerts out in sequence
        // order and alerts commit in that order, so everything up to the last one replayed (or seen before) is skipped
        // when it comes live, and everything after it comes live.
        var live = services.Hub.Join(out var leave);
        try
        {
            await response.WriteAsync(": connected\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            var sentUpTo = 0L;
            if (lastSeen is { } after)
            {
                sentUpTo = after;
                var missed = await services.Db.Alerts.AsNoTracking().Where(a => a.Sequence > after).OrderBy(a => a.Sequence)
                    .Take(services.Options.Value.ResumeLimit).ToListAsync(cancellationToken);
                var written = new List<long>();
                foreach (var alert in missed.Select(StreamedAlert.From))
                {
                    await WriteIfWantedAsync(response, alert, filter, written, cancellationToken);
                    sentUpTo = alert.Sequence;
                }
                await FlushAsync(response, written, services.Reach, cancellationToken);
            }
            await PumpAsync(response, live, filter, sentUpTo, services.Reach, services.Options.Value.HeartbeatInterval, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            leave();
        }
        return TypedResults.Empty;
    }

    private static async Task PumpAsync(HttpResponse response, ChannelReader<StreamedAlert> live, SubscriptionFilter filter,
        long sentUpTo, StreamReach reach, TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        var written = new List<long>();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(heartbeat);
            bool more;
            try
            {
                more = await live.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }
            if (!more)
            {
                return; // cut off as too slow, or shutting down: the client resumes with Last-Event-ID
            }
            while (live.TryRead(out var alert))
            {
                // An alert committed while the backlog was read arrives both ways; send it once.
                if (alert.Sequence > sentUpTo)
                {
                    await WriteIfWantedAsync(response, alert, filter, written, cancellationToken);
                    sentUpTo = alert.Sequence;
                }
            }
            await FlushAsync(response, written, reach, cancellationToken);
        }
    }

    /// <summary>Flushes, then counts the alerts written since the last flush as having reached this client.</summary>
    private static async Task FlushAsync(HttpResponse response, List<long> written, StreamReach reach, CancellationToken cancellationToken)
    {
        await response.Body.FlushAsync(cancellationToken);
        foreach (var sequence in written)
        {
            reach.Reached(sequence);
        }
        written.Clear();
    }

    private static async Task WriteIfWantedAsync(HttpResponse response, StreamedAlert alert, SubscriptionFilter filter, List<long> written,
        CancellationToken cancellationToken)
    {
        if (alert.Facts.IsWantedBy(filter))
        {
            var message = new StringBuilder()
                .Append("id: ").Append(alert.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append("event: ").Append(alert.Type).Append('\n')
                .Append("data: ").Append(alert.Payload).Append("\n\n")
                .ToString();
            await response.WriteAsync(message, cancellationToken);
            written.Add(alert.Sequence);
        }
    }
}

/// <summary>The services an alert stream uses, bound as one parameter.</summary>
internal sealed record StreamServices(
    AlertHub Hub,
    NotificationDbContext Db,
    StreamConnections Connections,
    StreamReach Reach,
    IOptions<StreamOptions> Options,
    IHostApplicationLifetime Lifetime);
