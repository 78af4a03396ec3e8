using System.Net;
using Microsoft.Extensions.Options;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// The SSRF rules as this run applies them: loopback is let through only when <see cref="WebhookOptions.AllowLoopbackTargets"/>
/// is on and the service runs in Development (a developer's own machine, where test receivers live on loopback).
/// Outside Development the setting is ignored, so a stray production setting cannot open the guard; link-local, metadata
/// and private addresses are refused in every mode.
/// </summary>
public sealed class WebhookTargetPolicy(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    public bool AllowsLoopback => options.Value.AllowLoopbackTargets && environment.IsDevelopment();

    public bool Allows(IPAddress address) => WebhookTargetRules.IsAllowed(address, AllowsLoopback);
}
