using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Alerts.Subscriptions;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts;

/// <summary>
/// Alerts "also when this page is closed": browser push. Turning it on needs the browser's push subscription, which only
/// script can make (alerts-push.js registers /sw.js, subscribes with our VAPID key and puts the subscription in the form
/// before it is posted); the page then registers it with the notification service with the reader's filters and keeps the
/// management token in an HttpOnly cookie. Seeing and cancelling it are plain forms that work without JavaScript.
/// </summary>
public sealed class PushModel(PushApi push, ArticleApi articles, IOptions<WebOptions> options) : SubscriptionPage
{
    [BindProperty]
    public SubscriptionForm Form { get; set; } = new();

    /// <summary>The browser's <c>PushSubscription</c> as JSON, filled in by alerts-push.js.</summary>
    [BindProperty]
    public string? Subscription { get; set; }

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<string> Sections => options.Value.Sections;

    /// <summary>The VAPID public key the browser subscribes with; null when the notification service cannot be asked.</summary>
    public string? ApplicationServerKey { get; private set; }

    /// <summary>This browser's push subscription as the service holds it; null when it has none.</summary>
    public PushSubscription? Current { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken cancellationToken)
    {
        var browser = ReadBrowserSubscription();
        if (browser is null)
        {
            Errors.Add(SubscriptionForm.Fields.General,
                "Your browser did not give us a push subscription. Alerts when this page is closed need JavaScript and a browser that allows notifications.");
            return await RefusedAsync(cancellationToken);
        }
        Form.Url = browser.Value.Endpoint;
        var stories = await StoryReferences.ResolveAsync(Form, Errors, articles, cancellationToken);
        var checkedForm = Form.Check(stories, Errors, options.Value.Sections);
        if (checkedForm is null)
        {
            return await RefusedAsync(cancellationToken);
        }
        var created = await push.CreateAsync(new PushSubscriptionRequest(browser.Value.Endpoint, browser.Value.Keys, checkedForm.Filters,
            checkedForm.QuietHours), cancellationToken);
        if (!created.Succeeded)
        {
            Errors.Add(SubscriptionForm.Fields.General, created.Problem!.Errors is { Count: > 0 } errors
                ? string.Join(' ', errors.SelectMany(e => e.Value))
                : $"Alerts could not be turned on: {created.Problem.Message}");
            return await RefusedAsync(cancellationToken);
        }
        // A browser has one push subscription for this site: the previous one (if the service still had it) is replaced there.
        PushCookie.Keep(HttpContext, created.Value!.Id, created.Value.ManagementToken);
        Confirm("Alerts are on for this browser, also when no Nojor page is open.");
        return new SeeOther("/alerts/push");
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        if (PushCookie.Read(Request) is { } held)
        {
            var deleted = await push.DeleteAsync(held.Id, held.Token, cancellationToken);
            if (!deleted.Succeeded && deleted.Problem?.Status != StatusCodes.Status404NotFound)
            {
                Refuse($"Alerts could not be turned off just now: {deleted.Problem?.Message}");
                return new SeeOther("/alerts/push");
            }
        }
        PushCookie.Forget(HttpContext);
        Confirm("Alerts when this page is closed are off for this browser.");
        return new SeeOther("/alerts/push");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var key = await push.KeyAsync(cancellationToken);
        ApplicationServerKey = key.Value?.PublicKey;
        if (PushCookie.Read(Request) is { } held)
        {
            var current = await push.GetAsync(held.Id, held.Token, cancellationToken);
            Current = current.Value;
            if (current.Succeeded && current.Value is null)
            {
                // Cancelled elsewhere, or its push service said the browser's subscription ended: nothing left to manage.
                PushCookie.Forget(HttpContext);
            }
        }
    }

    private async Task<PageResult> RefusedAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The endpoint and keys from <see cref="Subscription"/>; null when it is missing or not shaped like one.</summary>
    private (string Endpoint, PushKeys Keys)? ReadBrowserSubscription()
    {
        if (string.IsNullOrWhiteSpace(Subscription) || Subscription.Length > 4000)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(Subscription);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("endpoint", out var endpoint) && endpoint.ValueKind == JsonValueKind.String
                && root.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Object
                && keys.TryGetProperty("p256dh", out var p256dh) && p256dh.ValueKind == JsonValueKind.String
                && keys.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String
                ? (endpoint.GetString()!, new PushKeys(p256dh.GetString(), auth.GetString()))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
