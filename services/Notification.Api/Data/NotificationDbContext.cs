using Microsoft.EntityFrameworkCore;
using Nojor.Messaging;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Data;

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options)
{
    public const string DeliveriesTable = "webhook_deliveries";

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Subscription>(subscription =>
        {
            subscription.ToTable("subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.Id).ValueGeneratedNever();
            subscription.Property(s => s.Url).HasMaxLength(Subscription.UrlMaxLength);
            subscription.Property(s => s.Secret).HasMaxLength(128);
            subscription.Property(s => s.DisabledReason).HasMaxLength(500);
        });
        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable(DeliveriesTable);
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(64);
            delivery.Property(d => d.EventType).HasMaxLength(64);
            // text, not jsonb: the stored bytes are exactly the bytes that are signed and sent.
            delivery.Property(d => d.Payload).HasColumnType("text");
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("\"Status\" = 'Pending'");
            delivery.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
            delivery.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
