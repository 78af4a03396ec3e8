using System.Net;
using System.Net.Sockets;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Subscriptions;

/// <summary>
/// Decides whether we may POST to a subscriber's URL: an absolute http(s) URL without credentials whose host resolves
/// only to addresses the SSRF rules allow (<see cref="WebhookTargetPolicy"/>), so a subscription cannot turn the service
/// into a proxy against internal systems or the cloud's metadata service. The same rules are applied again to the
/// address dialled at every delivery (<see cref="GuardedConnector"/>), since DNS may answer differently by then.
/// </summary>
public sealed class WebhookUrlPolicy(WebhookTargetPolicy targets)
{
    public async Task<string?> FindProblemAsync(string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > Subscription.UrlMaxLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "The webhook URL must be an absolute http or https URL.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The webhook URL must not carry credentials.";
        }

        return await FindAddressProblemAsync(uri, "webhook URL", cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="uri"/>'s host resolves only to addresses the SSRF rules allow; <paramref name="what"/> names
    /// the URL in the answer. Shared with push endpoints, which must pass the same rules.
    /// </summary>
    public async Task<string?> FindAddressProblemAsync(Uri uri, string what, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"The host '{uri.Host}' does not resolve.";
        }
        if (addresses.Length == 0 || !addresses.All(targets.Allows))
        {
            return targets.AllowsLoopback
                ? $"The {what} points at a private, link-local or metadata address; this local run lets through loopback only."
                : $"The {what} points at a loopback, private, link-local or metadata address.";
        }
        return null;
    }
}
