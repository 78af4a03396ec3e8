using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

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
    protected TDbContext Db => db;

    protected TimeProvider Clock => clock;

    /// <summary>Stable name stored with each handled message; renaming a consumer class would otherwise re-handle history.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId and cannot be deduplicated.");
        var cancellationToken = context.CancellationToken;

        if (await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId && m.Consumer == ConsumerName, cancellationToken))
        {
            LogDuplicate(logger, messageId, ConsumerName);
            return;
        }

        await using var transaction = db.Database.IsRelational() ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // A failed SaveChanges rolls the whole transaction back, so the savepoint EF would wrap it in (two more round
        // trips on every message) protects nothing.
        db.Database.AutoSavepointsEnabled = false;
        // Without a transaction a claim would stand alone, and a failed attempt would leave the message marked handled.
        var claimFirst = ClaimsMessageFirst && transaction is not null;
        try
        {
            if (claimFirst)
            {
                AddInboxRow(messageId);
                await db.SaveChangesAsync(cancellationToken);
            }
            await HandleAsync(context.Message, context, cancellationToken);
            if (!claimFirst)
            {
                AddInboxRow(messageId);
            }
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException ex) when (IsInboxConflict(ex))
        {
            // Another instance handled the same message between our check and our commit; its work stands, ours rolled back.
            db.ChangeTracker.Clear();
            LogDuplicate(logger, messageId, ConsumerName);
            return;
        }

        await AfterCommitAsync(context.Message, cancellationToken);
    }

    /// <summary>
    /// Whether the inbox row is written before <see cref="HandleAsync"/> runs rather than with its effects: another instance
    /// handling the same message then waits on that row before it does any work, instead of after. A consumer that takes a
    /// lock for its own writes needs it, so as not to hold that lock while it waits for the message's row (one more round trip).
    /// </summary>
    protected virtual bool ClaimsMessageFirst => false;

    /// <summary>Stage the message's effects on <see cref="Db"/>; do not call SaveChanges or commit.</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context, CancellationToken cancellationToken);

    /// <summary>Runs after the effects are committed, e.g. to wake a worker that acts on them.</summary>
    protected virtual Task AfterCommitAsync(TMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    private void AddInboxRow(Guid messageId) =>
        db.Set<InboxMessage>().Add(new InboxMessage
        {
            MessageId = messageId,
            Consumer = ConsumerName,
            ProcessedAt = clock.GetUtcNow(),
            HandledBy = ServiceInstance.Name,
        });

    private static bool IsInboxConflict(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: MessagingModel.InboxTable };

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} was already handled by {Consumer}; skipped")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId, string consumer);
}
