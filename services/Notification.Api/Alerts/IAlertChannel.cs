namespace Nojor.Notifications.Alerts;

/// <summary>An alert being raised, as a delivery channel needs it to stage its deliveries.</summary>
/// <param name="PreviousAlertId">The earlier alert on the same story within the supersede window, whose unsent deliveries the new one replaces.</param>
/// <param name="Payload">The alert message (<c>{type, timestamp, data}</c>), exactly as webhooks carry it.</param>
public sealed record AlertStaging(string AlertId, string? PreviousAlertId, string Payload, AlertDraft Draft, DateTimeOffset Now)
{
    /// <summary>The W3C <c>traceparent</c> of the span raising the alert, kept on each delivery for its attempts' span links.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// A delivery channel besides webhooks (e-mail, …). <see cref="AlertFanOut"/> keeps the routing rules (who gets an alert,
/// quiet hours, supersede, follow-ups) and asks each channel to stage its own rows in the same unit of work, so an
/// alert's deliveries on every channel commit, or roll back, with the consumer's inbox row.
/// </summary>
public interface IAlertChannel
{
    /// <summary>This channel's subscribers that receive alerts now and that <paramref name="isRecipient"/> picks.</summary>
    Task<IReadOnlyList<IAlertRecipient>> RecipientsAsync(Func<IAlertRecipient, bool> isRecipient, CancellationToken cancellationToken);

    /// <summary>
    /// Stages one pending delivery per recipient (held by their quiet hours), and cancels the unsent deliveries of
    /// <see cref="AlertStaging.PreviousAlertId"/> to those recipients.
    /// </summary>
    Task StageAsync(AlertStaging alert, IReadOnlyList<IAlertRecipient> recipients, CancellationToken cancellationToken);

    /// <summary>This channel's subscribers who were sent (or are about to be sent) an alert about the article.</summary>
    Task<List<Guid>> AlertedAboutAsync(Guid articleId, CancellationToken cancellationToken);

    /// <summary>After the commit: wakes the channel's sender. Nothing may be announced before, the rows would not exist if it failed.</summary>
    void AnnounceCommitted();
}
