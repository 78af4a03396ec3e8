using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

internal static class ServiceSettings
{
    private const string Section = "Services:Settings";

    /// <summary>
    /// Passes <c>Services:Settings:*</c> from the AppHost's configuration to every service and the gateway, keys relative
    /// to the section (<c>Services:Settings:Kestrel:Transport:PreferInlineScheduling</c> becomes
    /// <c>Kestrel__Transport__PreferInlineScheduling</c>): settings of the shared service defaults, tuned in one place.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSharedServiceSettings(this IResourceBuilder<ProjectResource> service, IConfiguration configuration) =>
        service.WithConfigurationSection(configuration, Section, relativeKeys: true);
}
