using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Nojor.Messaging;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Email;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Data;

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string DeliveriesTable = "webhook_deliveries";

    public const string StreamReachTable = "alert_stream_reach";

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    public DbSet<AlertStreamReach> StreamReach => Set<AlertStreamReach>();

    public DbSet<EmailSubscription> EmailSubscriptions => Set<EmailSubscription>();

    public DbSet<EmailDelivery> EmailDeliveries => Set<EmailDelivery>();

    /// <summary>The Data Protection key ring that encrypts signing secrets, shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Subscription>(subscription =>
        {
            subscription.ToTable("subscriptions");
            // Pacing rewrites a subscription's row on every delivery it gets, so a fan-out rewrites every row once. With half
            // of each page left free, each new version stays on its row's page and skips the indexes (a HOT update) instead
            // of moving and adding an entry to each; the old versions are pruned from the page on a later visit.
            subscription.HasStorageParameter("fillfactor", 50);
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.Id).ValueGeneratedNever();
            subscription.Property(s => s.Url).HasMaxLength(Subscription.UrlMaxLength);
            subscription.Property(s => s.TargetHost).HasMaxLength(255);
            subscription.HasIndex(s => s.TargetHost);
            // Encrypted (Data Protection payloads, about 200 characters for a secret).
            subscription.Property(s => s.Secret).HasMaxLength(1024);
            subscription.Property(s => s.PreviousSecret).HasMaxLength(1024);
            subscription.Property(s => s.VerificationChallenge).HasMaxLength(64);
            subscription.Property(s => s.VerificationFailure).HasMaxLength(500);
            subscription.Property(s => s.DisabledReason).HasMaxLength(500);
            subscription.Property(s => s.Filter).HasJsonConversion();
            subscription.Property(s => s.QuietHours).HasJsonConversion();
            subscription.Property(s => s.PushKey).HasMaxLength(100);
            // A browser re-subscribing with the same endpoint replaces its earlier subscription, found by this index.
            subscription.HasIndex(s => s.Url).HasFilter("\"PushKey\" IS NOT NULL").HasDatabaseName("IX_subscriptions_push_endpoint");
        });
        modelBuilder.Entity<Alert>(alert =>
        {
            alert.ToTable("alerts");
            alert.HasKey(a => a.Sequence);
            alert.Property(a => a.Sequence).UseIdentityAlwaysColumn();
            alert.Property(a => a.Id).HasMaxLength(64);
            // The id derives from the event's message id: a second copy of an event cannot raise a second alert.
            alert.HasIndex(a => a.Id).IsUnique();
            alert.Property(a => a.Type).HasMaxLength(64);
            alert.Property(a => a.SupersedesAlertId).HasMaxLength(64);
            alert.Property(a => a.RaisedBy).HasMaxLength(ServiceInstance.MaxLength);
            alert.Property(a => a.Facts).HasJsonConversion();
            alert.Property(a => a.Payload).HasColumnType("text");
            alert.HasIndex(a => new { a.SupersedeKey, a.CreatedAt });
            alert.HasIndex(a => a.ArticleId);
        });
        modelBuilder.Entity<AlertStreamReach>(reach =>
        {
            reach.ToTable(StreamReachTable);
            reach.HasKey(r => new { r.AlertSequence, r.Instance });
            reach.Property(r => r.Instance).HasMaxLength(ServiceInstance.MaxLength);
            // Goes with its alert when retention deletes it.
            reach.HasOne<Alert>().WithMany().HasForeignKey(r => r.AlertSequence).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable(DeliveriesTable);
            // A fan-out COPYs thousands of rows and the worker then leases each of them, which changes no indexed column:
            // with half of each page left free, that new version stays on the row's page and skips the five indexes (a HOT
            // update) instead of moving and adding an entry to each. Recording the attempt changes the status, so it moves.
            delivery.HasStorageParameter("fillfactor", 50);
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(64);
            delivery.Property(d => d.AlertId).HasMaxLength(64);
            delivery.Property(d => d.EventType).HasMaxLength(64);
            // text, not jsonb: the stored bytes are exactly the bytes that are signed and sent.
            delivery.Property(d => d.Payload).HasColumnType("text");
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.AlertTraceParent).HasMaxLength(128);
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("\"Status\" = 'Pending'");
            delivery.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
            // Second guard after the inbox: one alert reaches one subscriber at most once.
            delivery.HasIndex(d => new { d.SubscriptionId, d.AlertId }).IsUnique();
            delivery.HasIndex(d => d.AlertId);
            delivery.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DeliveryAttempt>(attempt =>
        {
            attempt.ToTable("delivery_attempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.Id).UseIdentityAlwaysColumn();
            attempt.Property(a => a.DeliveryId).HasMaxLength(64);
            attempt.Property(a => a.Error).HasMaxLength(1000);
            attempt.Property(a => a.AttemptedBy).HasMaxLength(ServiceInstance.MaxLength);
            attempt.HasIndex(a => new { a.DeliveryId, a.Number });
            attempt.HasIndex(a => new { a.SubscriptionId, a.AttemptedAt });
            attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.AddEmailAlerts();
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.AddOutboxAndInbox();
    }
}
