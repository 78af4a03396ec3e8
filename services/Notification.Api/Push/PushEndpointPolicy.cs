using Microsoft.Extensions.Options;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Push;

/// <summary>
/// Decides whether a browser's push endpoint may be stored: an https URL of a known push service (Push:AllowedServiceHosts)
/// whose host resolves only to addresses the webhook SSRF rules allow; those rules are applied again to the address dialled
/// at every push, as for webhooks. A local Development run also lets through loopback over http, for a test push service.
/// </summary>
public sealed class PushEndpointPolicy(WebhookUrlPolicy urls, WebhookTargetPolicy targets, IOptions<PushOptions> options)
{
    private const string UnknownService = "The push endpoint is not at a known browser push service.";

    public async Task<string?> FindProblemAsync(string? endpoint, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.Length > Subscription.UrlMaxLength
            || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The push endpoint must be an absolute https URL.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The push endpoint must not carry credentials.";
        }
        var loopbackTestService = targets.AllowsLoopback && uri.IsLoopback;
        if (uri.Scheme != Uri.UriSchemeHttps && !loopbackTestService)
        {
            return "The push endpoint must be an https URL.";
        }
        // A name is checked against the push services before it is looked up: no DNS query for hosts we would refuse anyway.
        // An address literal is classified first, so an internal one is refused as such.
        if (!loopbackTestService && uri.HostNameType == UriHostNameType.Dns && !IsKnownPushService(uri))
        {
            return UnknownService;
        }
        if (await urls.FindAddressProblemAsync(uri, "push endpoint", cancellationToken) is { } addressProblem)
        {
            return addressProblem;
        }
        return loopbackTestService || IsKnownPushService(uri) ? null : UnknownService;
    }

    private bool IsKnownPushService(Uri uri)
    {
        var host = uri.IdnHost.ToLowerInvariant();
        return options.Value.AllowedServiceHosts.Any(allowed =>
            host == allowed.ToLowerInvariant() || host.EndsWith("." + allowed.ToLowerInvariant(), StringComparison.Ordinal));
    }
}
