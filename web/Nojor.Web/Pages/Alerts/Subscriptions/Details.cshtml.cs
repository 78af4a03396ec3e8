using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Subscriptions;

/// <summary>
/// One subscription: its settings, its delivery log, and what its owner can do with it. Only a browser holding the
/// subscription's management token may see it: without one the page says so (403); with one the service does not
/// accept, the subscription is gone as far as this browser can tell (404) and the stale token is dropped.
/// Every action is a POST answered with 303 to this page (or to the list, after a delete).
/// </summary>
public sealed class SubscriptionModel(SubscriptionApi subscriptions) : SubscriptionPage
{
    public const string RotatedKey = "alerts.rotated";

    public Guid Id { get; private set; }

    public Subscription? Subscription { get; private set; }

    public DeliveryLog Log { get; private set; } = new([]);

    /// <summary>The signing secret, shown on the one page after it was issued.</summary>
    public string? Secret { get; private set; }

    public bool SecretWasRotated { get; private set; }

    /// <summary>Why the page shows no subscription: 403 (not managed by this browser) or 404 (unknown); 0 when it does.</summary>
    public int Refusal { get; private set; }

    public bool DeleteNotConfirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Token(id) is not { } token)
        {
            return NotManaged();
        }
        var found = await subscriptions.GetAsync(id, token, cancellationToken);
        if (!found.Succeeded)
        {
            return StatusCode(found.Problem!.Status);
        }
        if (found.Value is null)
        {
            return Unknown();
        }
        Subscription = found.Value;
        var log = await subscriptions.DeliveriesAsync(id, token, cancellationToken);
        Log = log.Value ?? Log;
        if (!log.Succeeded)
        {
            Error ??= "The delivery log could not be read just now: " + log.Problem!.Message;
        }
        Secret = TempData[NewSubscriptionModel.SecretKey] as string;
        SecretWasRotated = TempData[RotatedKey] is true;
        return Page();
    }

    /// <summary>The delivery log alone, for the script that refreshes it while a delivery is pending.</summary>
    public async Task<IActionResult> OnGetLogAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Token(id) is not { } token)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var log = await subscriptions.DeliveriesAsync(id, token, cancellationToken);
        if (!log.Succeeded)
        {
            return StatusCode(log.Problem!.Status);
        }
        if (log.Value is null)
        {
            ManagementCookies.Forget(HttpContext, id);
            return NotFound();
        }
        Log = log.Value;
        return Partial("_DeliveryLog", this);
    }

    public Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, subscriptions.SendTestAsync, "A test ping is on its way. Its delivery shows in the log below.", cancellationToken);

    public Task<IActionResult> OnPostVerifyAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, subscriptions.ResendVerificationAsync,
            "A new verification request is on its way to your endpoint. It shows in the log below.", cancellationToken);

    public Task<IActionResult> OnPostPauseAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, subscriptions.PauseAsync, "Deliveries are paused. Alerts raised while paused are not sent later.", cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, subscriptions.ResumeAsync, "Deliveries are on again.", cancellationToken);

    public Task<IActionResult> OnPostRotateAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, subscriptions.RotateSecretAsync, "The signing secret is replaced.", cancellationToken, rotated =>
        {
            TempData[NewSubscriptionModel.SecretKey] = rotated.Secret;
            TempData[RotatedKey] = true;
        });

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, [FromForm] bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            Refuse("Tick the box to confirm, then delete the webhook.");
            return new SeeOther(PathOf(id) + "#delete");
        }
        return await ActAsync<object>(id, subscriptions.DeleteAsync, "The webhook is deleted, with its delivery log.", cancellationToken,
            _ => ManagementCookies.Forget(HttpContext, id), to: "/alerts/subscriptions");
    }

    private async Task<IActionResult> ActAsync<T>(Guid id, Func<Guid, string, CancellationToken, Task<ApiResult<T>>> action, string done,
        CancellationToken cancellationToken, Action<T>? then = null, string? to = null)
    {
        if (Token(id) is not { } token)
        {
            return NotManaged();
        }
        var result = await action(id, token, cancellationToken);
        if (result.Problem is { Status: StatusCodes.Status404NotFound })
        {
            return Unknown();
        }
        if (result.Problem is { } problem)
        {
            Refuse(problem.Status == StatusCodes.Status429TooManyRequests
                ? "Too many actions on this webhook in the last minute. Wait a minute and try again."
                : problem.Message);
            return new SeeOther(PathOf(id));
        }
        then?.Invoke(result.Value!);
        Confirm(done);
        return new SeeOther(to ?? PathOf(id));
    }

    private string? Token(Guid id)
    {
        Id = id;
        return ManagementCookies.TokenFor(Request, id);
    }

    private PageResult NotManaged()
    {
        Refusal = StatusCodes.Status403Forbidden;
        Response.StatusCode = Refusal;
        return Page();
    }

    private PageResult Unknown()
    {
        ManagementCookies.Forget(HttpContext, Id);
        Refusal = StatusCodes.Status404NotFound;
        Response.StatusCode = Refusal;
        return Page();
    }

    private static string PathOf(Guid id) => $"/alerts/subscriptions/{id}";
}
