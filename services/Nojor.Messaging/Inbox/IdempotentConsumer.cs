using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Nojor.Messaging.Inbox;

/// <summary>
/// Base for consumers whose effects live in the service database. The handler's changes and the
/// inbox row commit in one transaction, so a message is either fully handled exactly once or
/// not at all; a redelivered or re-published message is recognised by its id and skipped.
/// On a relational database the transaction is open while <see cref="HandleAsync"/> runs, so a handler
/// may also write in bulk (e.g. COPY) on the context's connection and have it commit with the rest.
/// Side effects outside the database (webhooks, emails) must be written as rows here and
/// carried out by a worker, never performed in <see cref="HandleAsync"/>.
/// </summary>
public abstract partial class IdempotentConsumer<TMessage, TDbContext>(TDbContext db, TimeProvider clock, ILogger logger)
    : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    /// <summary>The table and columns are those <see cref="MessagingModel"/> maps <see cref="InboxMessage"/> to.</summary>
    private const string ClaimSql =
        $"INSERT INTO {MessagingModel.InboxTable} ({MessagingModel.InboxColumns.MessageId}, {MessagingModel.InboxColumns.Consumer}, "
        + $"{MessagingModel.InboxColumns.ProcessedAt}, {MessagingModel.InboxColumns.HandledBy}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}) ON CONFLICT DO NOTHING";

    protected TDbContext Db => db;

    protected TimeProvider Clock => clock;

    /// <summary>Stable name stored with each handled message; renaming a consumer class would otherwise re-handle history.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId and cannot be deduplicated.");
        var cancellationToken = context.CancellationToken;

        if (!db.Database.IsRelational())
        {
            await ConsumeWithoutTransactionAsync(context, messageId, cancellationToken);
            return;
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // A failed SaveChanges rolls the whole transaction back, so the savepoint EF would wrap it in (two more round
            // trips on every message) protects nothing.
            db.Database.AutoSavepointsEnabled = false;
            // The claim is the first statement and the only check: a message already handled, or being handled by another
            // instance (whose commit this insert waits for), inserts nothing and nothing else is done. A handler's own
            // locks are thus never held while waiting for another instance's handling of the same message.
            if (!await ClaimAsync(messageId, cancellationToken))
            {
                LogDuplicate(logger, messageId, ConsumerName);
                return;
            }
            await HandleAsync(context.Message, context, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await AfterCommitAsync(context.Message, cancellationToken);
    }

    /// <summary>Stage the message's effects on <see cref="Db"/>; do not call SaveChanges or commit.</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context, CancellationToken cancellationToken);

    /// <summary>Runs after the effects are committed, e.g. to wake a worker that acts on them.</summary>
    protected virtual Task AfterCommitAsync(TMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Inserts the message's inbox row unless it exists; false when it does (the message was handled).</summary>
    private async Task<bool> ClaimAsync(Guid messageId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(ClaimSql, [messageId, ConsumerName, clock.GetUtcNow(), ServiceInstance.Name], cancellationToken) == 1;

    /// <summary>
    /// Without a transaction (the in-memory provider of unit tests) there is nothing to claim the message in: it is looked
    /// up first, and its row saved with the effects.
    /// </summary>
    private async Task ConsumeWithoutTransactionAsync(ConsumeContext<TMessage> context, Guid messageId, CancellationToken cancellationToken)
    {
        if (await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId && m.Consumer == ConsumerName, cancellationToken))
        {
            LogDuplicate(logger, messageId, ConsumerName);
            return;
        }
        await HandleAsync(context.Message, context, cancellationToken);
        AddInboxRow(messageId);
        await db.SaveChangesAsync(cancellationToken);
        await AfterCommitAsync(context.Message, cancellationToken);
    }

    private void AddInboxRow(Guid messageId) =>
        db.Set<InboxMessage>().Add(new InboxMessage
        {
            MessageId = messageId,
            Consumer = ConsumerName,
            ProcessedAt = clock.GetUtcNow(),
            HandledBy = ServiceInstance.Name,
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} was already handled by {Consumer}; skipped")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId, string consumer);
}
