using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

internal static class NotificationSettings
{
    private const string Section = "Notifications:Settings";

    /// <summary>
    /// Passes <c>Notifications:Settings:*</c> from the AppHost's configuration to the notification service unchanged
    /// (<c>Notifications:Settings:Webhooks:FirstRetryDelay</c> becomes <c>Webhooks__FirstRetryDelay</c>), so a run,
    /// a test or a benchmark can tune the service's own options without the AppHost naming each one.
    /// </summary>
    public static IResourceBuilder<BuiltProjectResource> WithNotificationSettings(this IResourceBuilder<BuiltProjectResource> service, IConfiguration configuration) =>
        service.WithConfigurationSection(configuration, Section, relativeKeys: true);
}
