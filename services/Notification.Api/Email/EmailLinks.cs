using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Nojor.Notifications.Email;

/// <summary>
/// The signed links in e-mails: confirmation (double opt-in) and unsubscribe. Each carries the subscription id protected
/// with Data Protection (authenticated encryption, purpose-bound) under the key ring every notification instance shares
/// in the database, so any instance accepts a link another wrote, and nobody can make one for an id without the keys.
/// The links point at the reader web app's pages (same origin as the rest of the site), which call this service.
/// </summary>
public sealed class EmailLinks(IDataProtectionProvider provider, IOptions<EmailOptions> options, TimeProvider clock)
{
    public const string ConfirmPath = "/alerts/email/confirm";
    public const string UnsubscribePath = "/alerts/email/unsubscribe";

    // Separate purposes: a confirmation token cannot be used as an unsubscribe token, nor the other way round.
    private readonly IDataProtector _confirm = provider.CreateProtector("Nojor.Notifications.Email.Confirm.v1");
    private readonly IDataProtector _unsubscribe = provider.CreateProtector("Nojor.Notifications.Email.Unsubscribe.v1");

    /// <summary>
    /// The expiry travels inside the protected payload and is checked against the injected clock (the framework's
    /// time-limited protector would check the system clock instead).
    /// </summary>
    public string ConfirmationToken(Guid subscriptionId) =>
        _confirm.Protect($"{subscriptionId:N}.{(clock.GetUtcNow() + options.Value.ConfirmationLinkLifetime).ToUnixTimeSeconds()}");

    public string UnsubscribeToken(Guid subscriptionId) => _unsubscribe.Protect(subscriptionId.ToString("N"));

    public Uri ConfirmationUrl(Guid subscriptionId) => Link(ConfirmPath, ConfirmationToken(subscriptionId));

    public Uri UnsubscribeUrl(Guid subscriptionId) => Link(UnsubscribePath, UnsubscribeToken(subscriptionId));

    /// <summary>The subscription a confirmation token names, or null when it is forged, damaged or expired.</summary>
    public Guid? ReadConfirmation(string? token) => Read(token, t =>
    {
        var payload = _confirm.Unprotect(t).Split('.');
        return payload.Length == 2 && long.TryParse(payload[1], System.Globalization.CultureInfo.InvariantCulture, out var expires)
            && clock.GetUtcNow().ToUnixTimeSeconds() < expires
                ? payload[0]
                : "";
    });

    /// <summary>The subscription an unsubscribe token names, or null when it is forged or damaged.</summary>
    public Guid? ReadUnsubscribe(string? token) => Read(token, _unsubscribe.Unprotect);

    private static Guid? Read(string? token, Func<string, string> unprotect)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2048)
        {
            return null;
        }
        try
        {
            return Guid.TryParseExact(unprotect(token.Trim()), "N", out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private Uri Link(string path, string token) => new(options.Value.PublicBaseUrl, $"{path}?token={Uri.EscapeDataString(token)}");
}
