using System.Diagnostics;

namespace Nojor.Messaging;

internal static class MessagingTelemetry
{
    public const string SourceName = "Nojor.Messaging";

    public static readonly ActivitySource Source = new(SourceName);
}
