using Microsoft.Extensions.Configuration;
using Nojor.AppHost.Infrastructure;

namespace Nojor.AppHost;

/// <summary>
/// The local SMTP sink e-mail alerts go to: a small .NET process (tools/Nojor.MailSink) that accepts every message on
/// 127.0.0.1, keeps it as an .eml file in the data folder's <c>mail/</c> and lists it on a page the dashboard links to. It
/// runs the same way whether or not a Docker engine answers, so the tests read mail the same way everywhere.
/// </summary>
internal static class MailSink
{
    public const string SmtpEndpoint = "smtp";

    public static IResourceBuilder<BuiltProjectResource> Add(IDistributedApplicationBuilder builder, string dataRoot)
    {
        var smtpPort = Port(builder, "SmtpPort");
        var pagePort = Port(builder, "MailPort");
        return builder.AddBuiltProject<Projects.Nojor_MailSink>(ResourceNames.MailSink)
            .WithDirectHttpEndpoint(pagePort)
            .WithEndpoint(SmtpEndpoint, endpoint =>
            {
                endpoint.Port = smtpPort;
                endpoint.TargetPort = smtpPort;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "smtp";
            })
            .WithSetting("MailSink:SmtpPort", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("MailSink:Folder", Path.Combine(dataRoot, "mail"))
            .WithHttpHealthCheck("/health")
            .WithUrlForEndpoint("http", url => url.DisplayText = "mail sink (read the mail here)");
    }

    /// <summary>
    /// Sends the notification service's mail to the sink (plain SMTP on loopback), with links to the reader pages behind
    /// the gateway's port.
    /// </summary>
    public static IResourceBuilder<BuiltProjectResource> WithEmailThrough(this IResourceBuilder<BuiltProjectResource> service,
        IResourceBuilder<BuiltProjectResource> sink, int gatewayPort) =>
        service
            .WithSetting("Email:Smtp:Host", "127.0.0.1")
            .WithSetting("Email:Smtp:Port", sink.GetEndpoint(SmtpEndpoint).Property(EndpointProperty.Port))
            .WithSetting("Email:Smtp:Security", "None")
            .WithSetting("Email:PublicBaseUrl", "http://localhost:" + gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WaitFor(sink);

    private static int Port(IDistributedApplicationBuilder builder, string key) =>
        builder.Configuration.GetValue<int?>($"Infra:{key}") is int port and > 0 ? port : FreePorts.Next();
}
