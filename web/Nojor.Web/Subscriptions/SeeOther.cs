using Microsoft.AspNetCore.Mvc;

namespace Nojor.Web.Subscriptions;

/// <summary>
/// 303 See Other: after a form's POST the browser GETs the result, so a reload or the back button never sends the
/// form again (the framework's redirects answer 302, which says nothing about the method).
/// </summary>
public sealed class SeeOther(string location) : IActionResult
{
    public string Location { get; } = location;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.Location = Location;
        response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
