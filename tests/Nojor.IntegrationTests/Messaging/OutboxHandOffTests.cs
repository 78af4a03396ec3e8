using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nojor.Contracts;
using Nojor.Messaging;
using Nojor.Messaging.Outbox;
using Npgsql;

namespace Nojor.IntegrationTests.Messaging;

/// <summary>
/// The commit interceptors on the platform's PostgreSQL, in a database of their own: rows are handed to the relay
/// only once the transaction that wrote them committed, and are written reserved so no table relay takes them too.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxHandOffTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly OutboxOptions _options = new();
    private readonly string _database = "outbox_handoff_" + Guid.NewGuid().ToString("N")[..8];
    private string _serverConnectionString = "";
    private OutboxHandOff _handOff = null!;
    private DbContextOptions<HandOffDbContext> _dbOptions = null!;

    public async Task InitializeAsync()
    {
        _serverConnectionString = await platform.App.GetConnectionStringAsync(ResourceNames.ArticleDatabase)
            ?? throw new InvalidOperationException("The article database has no connection string.");
        await ExecuteOnServerAsync($"CREATE DATABASE {_database}");
        var connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database }.ConnectionString;

        _handOff = new OutboxHandOff(Options.Create(_options));
        var announcer = new CommittedOutboxAnnouncer(_handOff);
        _dbOptions = new DbContextOptionsBuilder<HandOffDbContext>()
            .UseNpgsql(connectionString)
            .AddInterceptors(new OutboxSaveChangesInterceptor(announcer, Options.Create(_options), _clock), new OutboxTransactionInterceptor(announcer))
            .Options;
        await using var db = new HandOffDbContext(_dbOptions);
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task Rows_of_a_committed_transaction_are_handed_over_reserved()
    {
        await using var db = new HandOffDbContext(_dbOptions);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var row = db.AddIntegrationEvent(Event("committed"));
        await db.SaveChangesAsync();
        Assert.Empty(HandedOver()); // written, not yet committed

        await transaction.CommitAsync();

        Assert.Equal([row.Id], HandedOver().Select(m => m.Id));
        var stored = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id);
        Assert.Equal(_clock.GetUtcNow() + _options.HandOffReservation, stored.NextAttemptAt);
    }

    [Fact]
    public async Task Rows_saved_without_an_explicit_transaction_are_handed_over_once_saved()
    {
        await using var db = new HandOffDbContext(_dbOptions);
        var row = db.AddIntegrationEvent(Event("implicit"));

        await db.SaveChangesAsync();

        Assert.Equal([row.Id], HandedOver().Select(m => m.Id));
    }

    [Fact]
    public async Task Rows_of_a_rolled_back_or_abandoned_transaction_are_never_handed_over()
    {
        await using var db = new HandOffDbContext(_dbOptions);
        await using (var rolledBack = await db.Database.BeginTransactionAsync())
        {
            db.AddIntegrationEvent(Event("rolled back"));
            await db.SaveChangesAsync();
            await rolledBack.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        await using (var abandoned = await db.Database.BeginTransactionAsync())
        {
            db.AddIntegrationEvent(Event("abandoned"));
            await db.SaveChangesAsync();
        }
        db.ChangeTracker.Clear();

        // A later transaction on the same context hands over its own row only.
        await using var committed = await db.Database.BeginTransactionAsync();
        var row = db.AddIntegrationEvent(Event("committed later"));
        await db.SaveChangesAsync();
        await committed.CommitAsync();

        Assert.Equal([row.Id], HandedOver().Select(m => m.Id));
        Assert.Equal(1, await db.Set<OutboxMessage>().CountAsync());
    }

    private static FeedbackReceived Event(string message) =>
        new(Guid.NewGuid(), "idea", $"Hand-off check: {message}", "/", DateTimeOffset.UtcNow);

    private List<OutboxMessage> HandedOver()
    {
        var messages = new List<OutboxMessage>();
        while (_handOff.Committed.TryRead(out var message))
        {
            messages.Add(message);
        }
        return messages;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class HandOffDbContext(DbContextOptions<HandOffDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
    }
}
