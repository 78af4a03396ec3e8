using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Nojor.Hosting;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Email;

/// <summary>
/// E-mail alert subscriptions, under the webhooks' path so the gateway's existing route serves them. Subscribing is open
/// (as for webhooks), but sends one confirmation at most per <c>Email:ConfirmationResendInterval</c> to an address; the
/// confirmation and unsubscribe calls are authorised by the signed token from the e-mail's link alone.
/// </summary>
public static class EmailEndpoints
{
    public const string BasePath = SubscriptionEndpoints.BasePath + "/email";

    /// <summary>Unconfirmed requests kept per address; more are answered alike but not stored.</summary>
    private const int MaxPendingPerAddress = 5;

    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("E-mail alerts");
        group.MapPost("/", Subscribe).WithName("SubscribeEmail")
            .WithSummary("Subscribe an address to e-mail alerts (filters, quiet hours); a confirmation link is mailed to it")
            .WithDescription("""
                Answers 202 alike for every valid address, known or not. Nothing but the confirmation message is sent until the
                link in it is opened (double opt-in); a new request for the same address replaces the earlier subscription once
                it is confirmed.
                """);
        group.MapPost("/confirm", Confirm).WithName("ConfirmEmail")
            .WithSummary("Confirm an address with the token of the link in its confirmation message");
        group.MapPost("/unsubscribe", Unsubscribe).WithName("UnsubscribeEmail")
            .WithSummary("Stop e-mail alerts with the token of the unsubscribe link in any alert (the next alert is not sent)");
        return routes;
    }

    private static async Task<Results<Accepted<EmailSubscriptionAccepted>, ValidationProblem, ProblemHttpResult>> Subscribe(
        EmailSubscriptionRequest request, NotificationDbContext db, IOptions<EmailOptions> options, EmailSignal signal, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return Unavailable();
        }
        var errors = SubscriptionRequestValidator.ValidateSettings(request.Filters, request.QuietHours);
        if (AddressProblem(request.Address) is { } problem)
        {
            errors["address"] = [problem];
        }
        var frequency = FrequencyOf(request.Frequency);
        if (frequency is null)
        {
            errors["frequency"] = ["Choose immediate, hourly or daily."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var address = request.Address!.Trim();
        var key = EmailSubscription.KeyOf(address);
        var now = clock.GetUtcNow();
        var earlier = await db.EmailSubscriptions.Where(s => s.AddressKey == key)
            .Select(s => new { s.ConfirmedAt, s.ConfirmationSentAt })
            .ToListAsync(cancellationToken);
        var recentlyAsked = earlier.Any(s => s.ConfirmationSentAt > now - options.Value.ConfirmationResendInterval);
        var pending = earlier.Count(s => s.ConfirmedAt is null);
        if (!recentlyAsked && pending < MaxPendingPerAddress)
        {
            var subscription = new EmailSubscription
            {
                Id = Guid.CreateVersion7(now),
                Address = address,
                AddressKey = key,
                Filter = request.Filters?.ToFilter() ?? SubscriptionFilter.Everything,
                QuietHours = request.QuietHours is { TimeZone: { } zone, Start: { } start, End: { } end } ? new QuietHours(zone, start, end) : null,
                Frequency = frequency ?? EmailFrequency.Immediate,
                ConfirmationSentAt = now,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.EmailSubscriptions.Add(subscription);
            db.EmailDeliveries.Add(new EmailDelivery
            {
                Id = EmailDelivery.NewId(now),
                SubscriptionId = subscription.Id,
                Kind = EmailDelivery.ConfirmationKind,
                Payload = "",
                CreatedAt = now,
                NextAttemptAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            signal.Notify();
        }
        return TypedResults.Accepted((string?)null, new EmailSubscriptionAccepted("confirmation-sent",
            "A confirmation link is on its way to the address (unless one was sent minutes ago); alerts start once it is opened."));
    }

    private static async Task<Results<Ok<EmailSubscriptionConfirmed>, ProblemHttpResult>> Confirm(EmailLinkRequest request,
        NotificationDbContext db, EmailLinks links, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (links.ReadConfirmation(request.Token) is not { } id)
        {
            return BadLink("confirmation");
        }
        var subscription = await db.EmailSubscriptions.FindAsync([id], cancellationToken);
        if (subscription is null)
        {
            return Problems.NotFound("This subscription no longer exists: it was unsubscribed or replaced by a newer one. Subscribe again to get alerts.");
        }
        var now = clock.GetUtcNow();
        // Earlier subscriptions of the same address give way to the one confirmed now; a refusal that stopped one of them
        // is shown to the owner, who has just proven the address is theirs.
        var others = await db.EmailSubscriptions.Where(s => s.AddressKey == subscription.AddressKey && s.Id != id).ToListAsync(cancellationToken);
        var reason = subscription.DisabledReason ?? others.Where(s => !s.IsActive).Select(s => s.DisabledReason).FirstOrDefault(r => r is not null);
        db.EmailSubscriptions.RemoveRange(others);
        subscription.ConfirmedAt ??= now;
        // A digest covers what happens from the confirmation on.
        subscription.DigestSince ??= now;
        subscription.IsActive = true;
        subscription.DisabledReason = null;
        subscription.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new EmailSubscriptionConfirmed(subscription.Id, subscription.Address, subscription.ConfirmedAt.Value,
            FilterDto.From(subscription.Filter), QuietHoursDto.From(subscription.QuietHours), subscription.Frequency.ToString().ToLowerInvariant(), reason, links.UnsubscribeToken(subscription.Id)));
    }

    /// <summary>Deletes the subscription: its queued alerts go with it, and one leased meanwhile finds it gone and is not sent.</summary>
    private static async Task<Results<Ok<EmailUnsubscribed>, ProblemHttpResult>> Unsubscribe(EmailLinkRequest request,
        NotificationDbContext db, EmailLinks links, CancellationToken cancellationToken)
    {
        if (links.ReadUnsubscribe(request.Token) is not { } id)
        {
            return BadLink("unsubscribe");
        }
        // Idempotent: a second click (or the mail client's POST after the reader's own) finds nothing left to remove.
        await db.EmailSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.Ok(new EmailUnsubscribed(true));
    }

    private static EmailFrequency? FrequencyOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "immediate" => EmailFrequency.Immediate,
        "hourly" => EmailFrequency.Hourly,
        "daily" => EmailFrequency.Daily,
        _ => null,
    };

    /// <summary>Why an address cannot be used, or null: one plain addr-spec, no display name, a domain with a dot.</summary>
    internal static string? AddressProblem(string? address)
    {
        var trimmed = address?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "An e-mail address is needed.";
        }
        if (trimmed.Length > EmailSubscription.AddressMaxLength)
        {
            return $"An e-mail address is at most {EmailSubscription.AddressMaxLength} characters.";
        }
        var at = trimmed.LastIndexOf('@');
        var valid = at > 0 && at < trimmed.Length - 1
            && !trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')')
            && trimmed[(at + 1)..].Contains('.') && !trimmed.EndsWith('.')
            && MailboxAddress.TryParse(ParserOptions.Default, trimmed, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name) && mailbox.Address == trimmed;
        return valid ? null : "Enter an e-mail address such as reader@example.org.";
    }

    private static ProblemHttpResult BadLink(string kind) =>
        Problems.BadRequest($"This {kind} link is not valid: it is damaged, has expired, or was not made by Nojor.");

    private static ProblemHttpResult Unavailable() =>
        Problems.Unavailable("E-mail alerts are not available: no mail server is configured.");
}
