using System.Net.Http.Headers;
using Nojor.Requests;

namespace Nojor.Web.Api;

/// <summary>
/// Passes a page request's wish to revalidate (<see cref="Revalidation"/>) on to the reads it makes from the services.
/// The gateway asks it when it is about to keep a page for every reader: the page must then be built from PostgreSQL,
/// not from an article instance's memory that has not yet heard of a change the gateway has already acted on.
/// </summary>
public sealed class RevalidationHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if ((request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)
            && accessor.HttpContext?.Request.Headers is { } headers && Revalidation.IsRequested(headers))
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }
        return base.SendAsync(request, cancellationToken);
    }
}
