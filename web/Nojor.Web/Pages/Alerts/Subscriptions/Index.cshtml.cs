using Nojor.Web.Api;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Subscriptions;

/// <summary>The webhook subscriptions whose management tokens this browser keeps.</summary>
public sealed class SubscriptionListModel(SubscriptionApi subscriptions) : SubscriptionPage
{
    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var ids = ManagementCookies.Ids(Request);
        var found = await Task.WhenAll(ids.Select(async id =>
        {
            var token = ManagementCookies.TokenFor(Request, id)!;
            var result = await subscriptions.GetAsync(id, token, cancellationToken);
            return (Id: id, Result: result);
        }));
        foreach (var (id, result) in found.Where(f => f.Result is { Succeeded: true, Value: null }))
        {
            // Deleted elsewhere, or a token the service never issued for it: nothing left to manage.
            ManagementCookies.Forget(HttpContext, id);
        }
        Subscriptions = found.Select(f => f.Result.Value).OfType<Subscription>().ToList();
        if (found.FirstOrDefault(f => !f.Result.Succeeded).Result.Problem is { } problem)
        {
            Error = problem.Status == StatusCodes.Status429TooManyRequests
                ? "Some webhooks could not be shown: too many requests for them in the last minute. Reload the page in a minute."
                : "Some webhooks could not be shown: " + problem.Message;
        }
    }
}
