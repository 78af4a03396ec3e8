using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Nojor.Notifications.Data;

namespace Nojor.Notifications.Subscriptions;

/// <summary>Data Protection for the signing secrets, and the pass that encrypts secrets stored before it existed.</summary>
public static partial class SigningSecretsAtRest
{
    /// <summary>One application name for every instance: they share the key ring and unprotect each other's secrets.</summary>
    public const string ApplicationName = "nojor-notifications";

    public static IHostApplicationBuilder AddSigningSecretProtection(this IHostApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<NotificationDbContext>();
        var certificate = builder.Configuration[$"{SubscriptionOptions.SectionName}:KeyEncryptionCertificate"];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            // A PFX mounted from the secret store: the keys are stored wrapped with it, so the database alone cannot open them.
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificate, builder.Configuration[$"{SubscriptionOptions.SectionName}:KeyEncryptionCertificatePassword"]));
        }
        builder.Services.AddSingleton<SigningSecretProtector>();
        return builder;
    }

    /// <summary>
    /// Encrypts every secret still stored in plain text (rows from before secrets were encrypted, or written by an older
    /// instance during a rolling upgrade). Run at start, after the schema migration; idempotent.
    /// </summary>
    public static async Task<int> ProtectStoredSecretsAsync(NotificationDbContext db, SigningSecretProtector protector,
        CancellationToken cancellationToken)
    {
        var prefix = SubscriptionTokens.SecretPrefix;
        var plain = await db.Subscriptions
            .Where(s => s.Secret.StartsWith(prefix) || (s.PreviousSecret != null && s.PreviousSecret.StartsWith(prefix)))
            .ToListAsync(cancellationToken);
        foreach (var subscription in plain)
        {
            if (SigningSecretProtector.IsPlain(subscription.Secret))
            {
                subscription.Secret = protector.Protect(subscription.Secret);
            }
            if (subscription.PreviousSecret is { } previous && SigningSecretProtector.IsPlain(previous))
            {
                subscription.PreviousSecret = protector.Protect(previous);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return plain.Count;
    }

    public static async Task ProtectStoredSecretsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        // Loads the key ring now, creating the first key if there is none: the first instance to start creates it, and
        // one started after it (the AppHost starts a second once the first is healthy) finds it instead of making its own.
        app.Services.GetRequiredService<SigningSecretProtector>().Protect("key ring check");
        var count = await ProtectStoredSecretsAsync(scope.ServiceProvider.GetRequiredService<NotificationDbContext>(),
            scope.ServiceProvider.GetRequiredService<SigningSecretProtector>(), app.Lifetime.ApplicationStopping);
        if (count > 0)
        {
            LogProtected(app.Logger, count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted the signing secrets of {Count} subscriptions stored in plain text")]
    private static partial void LogProtected(ILogger logger, int count);
}
