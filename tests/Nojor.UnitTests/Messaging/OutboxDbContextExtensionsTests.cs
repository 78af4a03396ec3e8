using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nojor.Contracts;
using Nojor.Messaging;
using Nojor.Messaging.Outbox;

namespace Nojor.UnitTests.Messaging;

public class OutboxDbContextExtensionsTests
{
    private sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
    }

    [Fact]
    public async Task Staged_event_is_saved_with_the_data_and_can_be_read_back_as_its_type()
    {
        await using var db = new TestDbContext(new DbContextOptionsBuilder<TestDbContext>().UseInMemoryDatabase(Guid.NewGuid().ToString()).Options);
        var published = new FeedbackReceived(Guid.NewGuid(), "idea", "Night mode please", "/", DateTimeOffset.UnixEpoch);
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var row = db.AddIntegrationEvent(published);
        Assert.Empty(db.Set<OutboxMessage>()); // nothing is stored before SaveChanges
        await db.SaveChangesAsync();

        var stored = await db.Set<OutboxMessage>().SingleAsync();
        Assert.Equal(row.Id, stored.Id);
        Assert.Equal(activity.Id, stored.TraceParent);
        Assert.Null(stored.PublishedAt);
        var type = Type.GetType(stored.MessageType);
        Assert.Equal(typeof(FeedbackReceived), type);
        Assert.Equal(published, JsonSerializer.Deserialize(stored.Body, type!, JsonSerializerOptions.Web));
    }
}
