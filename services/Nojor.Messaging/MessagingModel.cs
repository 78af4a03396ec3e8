using Microsoft.EntityFrameworkCore;
using Nojor.Messaging.Inbox;
using Nojor.Messaging.Outbox;

namespace Nojor.Messaging;

public static class MessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";

    /// <summary>The inbox's column names, for the consumers' claim, which is written in SQL.</summary>
    public static class InboxColumns
    {
        public const string MessageId = "message_id";
        public const string Consumer = "consumer";
        public const string ProcessedAt = "processed_at";
        public const string HandledBy = "handled_by";
    }

    /// <summary>Adds the outbox and inbox tables to a service's model (call from OnModelCreating).</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            outbox.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(500);
            outbox.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            outbox.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            outbox.Property(m => m.LastError).HasColumnName("last_error");
            outbox.Property(m => m.PublishedAt).HasColumnName("published_at");
            // The relay only ever looks for unpublished rows; keep that lookup small as history grows.
            outbox.HasIndex(m => new { m.NextAttemptAt, m.OccurredAt })
                .HasDatabaseName("ix_outbox_messages_due")
                .HasFilter("published_at IS NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.MessageId).HasColumnName(InboxColumns.MessageId);
            inbox.Property(m => m.Consumer).HasColumnName(InboxColumns.Consumer).HasMaxLength(200);
            inbox.Property(m => m.ProcessedAt).HasColumnName(InboxColumns.ProcessedAt);
            inbox.Property(m => m.HandledBy).HasColumnName(InboxColumns.HandledBy).HasMaxLength(ServiceInstance.MaxLength);
        });
        return modelBuilder;
    }
}
