using Microsoft.EntityFrameworkCore;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Email;

/// <summary>The e-mail channel's tables, kept here so the shared context only names them.</summary>
internal static class EmailModel
{
    public static ModelBuilder AddEmailAlerts(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EmailSubscription>(subscription =>
        {
            subscription.ToTable("email_subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.Id).ValueGeneratedNever();
            subscription.Property(s => s.Address).HasMaxLength(EmailSubscription.AddressMaxLength);
            subscription.Property(s => s.AddressKey).HasMaxLength(EmailSubscription.AddressMaxLength);
            subscription.HasIndex(s => s.AddressKey);
            subscription.Property(s => s.DisabledReason).HasMaxLength(500);
            subscription.Property(s => s.Filter).HasJsonConversion();
            subscription.Property(s => s.QuietHours).HasJsonConversion();
            subscription.Property(s => s.Frequency).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<EmailDelivery>(delivery =>
        {
            delivery.ToTable("email_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(64);
            delivery.Property(d => d.AlertId).HasMaxLength(64);
            delivery.Property(d => d.Kind).HasMaxLength(64);
            delivery.Property(d => d.Payload).HasColumnType("text");
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.LastError).HasMaxLength(1000);
            delivery.Property(d => d.AlertTraceParent).HasMaxLength(128);
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("\"Status\" = 'Pending'");
            // One alert reaches one address at most once, whatever redelivery of the event happens.
            delivery.HasIndex(d => new { d.SubscriptionId, d.AlertId }).IsUnique();
            delivery.HasIndex(d => d.AlertId);
            // Unsubscribing deletes the subscription and with it everything still queued for it.
            delivery.HasOne<EmailSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
        return modelBuilder;
    }
}
