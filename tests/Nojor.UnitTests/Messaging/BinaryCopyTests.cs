using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Nojor.Feedback.Data;
using Nojor.Feedback.Ingest;
using Nojor.Messaging;
using Nojor.Messaging.Outbox;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Email;
using Nojor.Notifications.Webhooks;
using NpgsqlTypes;

namespace Nojor.UnitTests.Messaging;

public class BinaryCopyTests
{
    // The services' own models, built as the services build them; no database is reached to build a model.
    private static readonly IModel Notifications = Model<NotificationDbContext>(o => new NotificationDbContext(o));
    private static readonly IModel Feedback = Model<FeedbackDbContext>(o => new FeedbackDbContext(o));

    public static TheoryData<string> Copies => ["outbox", "beta feedback", "webhook deliveries", "delivery attempts", "e-mail deliveries"];

    [Theory]
    [MemberData(nameof(Copies))]
    public void Every_bulk_insert_writes_each_mapped_column_or_leaves_it_to_the_database_on_purpose(string copy)
    {
        var unwritten = copy switch
        {
            "outbox" => OutboxBulkInsert.Copy.UnwrittenColumns(Feedback),
            "beta feedback" => CopyFeedbackBatchStore.Copy.UnwrittenColumns(Feedback),
            "webhook deliveries" => DeliveryBulkInsert.Copy.UnwrittenColumns(Notifications),
            "delivery attempts" => DeliveryStore.AttemptsCopy.UnwrittenColumns(Notifications),
            "e-mail deliveries" => EmailDeliveryStore.Copy.UnwrittenColumns(Notifications),
            _ => throw new ArgumentOutOfRangeException(nameof(copy)),
        };
        Assert.Empty(unwritten);
    }

    [Fact]
    public void The_copy_statement_names_the_table_and_columns_the_model_maps()
    {
        Assert.Equal(
            """COPY "outbox_messages" ("id", "message_type", "body", "occurred_at", "trace_parent", "attempts", "next_attempt_at") FROM STDIN (FORMAT BINARY)""",
            OutboxBulkInsert.Copy.CommandFor(Feedback));
        Assert.StartsWith("""COPY "webhook_deliveries" ("Id", "SubscriptionId", "AlertId", """, DeliveryBulkInsert.Copy.CommandFor(Notifications));
    }

    [Fact]
    public void A_column_the_entity_gains_is_reported_until_the_copy_writes_it()
    {
        var model = Model<GrowingContext>(o => new GrowingContext(o));
        var copy = new BinaryCopy<Growing>().Write(g => g.Id, NpgsqlDbType.Uuid);

        Assert.Equal(["added_later"], copy.UnwrittenColumns(model));
        Assert.Empty(copy.LeaveToDatabase(g => g.AddedLater).UnwrittenColumns(model));
    }

    [Fact]
    public void An_optional_value_type_must_be_written_as_optional()
    {
        var error = Assert.Throws<ArgumentException>(() => new BinaryCopy<Growing>().Write(g => g.AddedLater, NpgsqlDbType.Integer));

        Assert.Contains("WriteOptional", error.Message);
    }

    private static IModel Model<TContext>(Func<DbContextOptions<TContext>, TContext> create) where TContext : DbContext
    {
        using var db = create(new DbContextOptionsBuilder<TContext>().UseNpgsql("Host=127.0.0.1").Options);
        return db.Model;
    }

    private sealed class Growing
    {
        public Guid Id { get; init; }

        public int? AddedLater { get; init; }
    }

    private sealed class GrowingContext(DbContextOptions<GrowingContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Growing>(growing =>
        {
            growing.ToTable("growing");
            growing.Property(g => g.Id).HasColumnName("id");
            growing.Property(g => g.AddedLater).HasColumnName("added_later");
        });
    }
}
