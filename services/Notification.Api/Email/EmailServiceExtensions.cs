using Nojor.Notifications.Alerts;

namespace Nojor.Notifications.Email;

public static class EmailServiceExtensions
{
    /// <summary>The e-mail channel: options (validated at start), the signed links, the alert channel, the sender and the digest job.</summary>
    public static IServiceCollection AddEmailAlerts(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<EmailSignal>();
        services.AddSingleton<SmtpConnectionPool>();
        services.AddScoped<IAlertChannel, EmailAlertChannel>();
        services.AddHostedService<EmailDeliveryWorker>();
        services.AddHostedService<EmailDigestJob>();
        return services;
    }
}
