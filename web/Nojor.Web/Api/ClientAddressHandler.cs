namespace Nojor.Web.Api;

/// <summary>
/// Passes the reader's own address on to the services as <c>X-Forwarded-For</c> (the web app learned it from the
/// gateway's header, which the forwarded-headers middleware trusts from known proxies only). The services' per-client
/// budgets then count each reader, never the web server as one client for all of them.
/// </summary>
public sealed class ClientAddressHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    public const string ForwardedFor = "X-Forwarded-For";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Remove(ForwardedFor);
            request.Headers.TryAddWithoutValidation(ForwardedFor, address.ToString());
        }
        return base.SendAsync(request, cancellationToken);
    }
}
