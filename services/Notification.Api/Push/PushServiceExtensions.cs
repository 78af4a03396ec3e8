namespace Nojor.Notifications.Push;

public static class PushServiceExtensions
{
    /// <summary>
    /// Browser push as a delivery channel: its options (validated at start, the VAPID key loaded then too, so a missing key
    /// stops the service instead of the first alert), the endpoint rules and the request builder the delivery worker uses.
    /// </summary>
    public static IHostApplicationBuilder AddPushDelivery(this IHostApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName)
            .PostConfigure(options => options.IsDevelopment = isDevelopment)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<VapidKeys>();
        builder.Services.AddSingleton<PushEndpointPolicy>();
        builder.Services.AddSingleton<PushRequests>();
        builder.Services.AddHostedService<VapidKeyCheck>();
        return builder;
    }

    /// <summary>Loads the VAPID key when the service starts, so a missing or wrong key fails the start, not a delivery.</summary>
    private sealed class VapidKeyCheck(VapidKeys keys) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => keys.PublicKey.Length > 0 ? Task.CompletedTask : throw new InvalidOperationException("No VAPID key.");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
