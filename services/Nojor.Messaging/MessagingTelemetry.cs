using System.Diagnostics;

namespace Nojor.Messaging;

internal static class MessagingTelemetry
{
    /// <summary>The name of both the activity source and the meter; <see cref="MessagingExtensions.AddNojorMessaging{TDbContext}"/> registers them.</summary>
    public const string Name = "Nojor.Messaging";

    public const string SourceName = Name;

    public static readonly ActivitySource Source = new(SourceName);
}
