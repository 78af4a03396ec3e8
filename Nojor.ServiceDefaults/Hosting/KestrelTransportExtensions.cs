using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Nojor.Hosting;

public static class KestrelTransportExtensions
{
    /// <summary>Applies <see cref="KestrelTransportOptions"/> (validated at start) to Kestrel's socket transport.</summary>
    public static IHostApplicationBuilder AddKestrelTransportTuning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelTransportOptions>().BindConfiguration(KestrelTransportOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SocketTransportOptions>().Configure<IOptions<KestrelTransportOptions>>((socket, tuning) =>
        {
            socket.UnsafePreferInlineScheduling = tuning.Value.PreferInlineScheduling;
            if (tuning.Value.IOQueueCount > 0)
            {
                socket.IOQueueCount = tuning.Value.IOQueueCount;
            }
        });
        return builder;
    }
}
