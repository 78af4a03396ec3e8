using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace Nojor.Web.Desk;

/// <summary>
/// Sends the signed-in editor's token with every desk call to a service. The token lives only inside the desk's
/// data-protected session cookie: the browser never sees it, and each service validates it again, as for any API client.
/// </summary>
public sealed class EditorTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } context
            && await context.GetTokenAsync(DeskAuthentication.Scheme, DeskAuthentication.AccessTokenName) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
