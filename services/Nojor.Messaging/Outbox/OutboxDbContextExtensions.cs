using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Nojor.Messaging.Outbox;

public static class OutboxDbContextExtensions
{
    /// <summary>
    /// Stages an integration event in the outbox; it is committed by the caller's next
    /// <c>SaveChanges</c>, together with the data change, and relayed after the commit.
    /// </summary>
    public static OutboxMessage AddIntegrationEvent<TEvent>(this DbContext db, TEvent integrationEvent, TimeProvider? clock = null)
        where TEvent : class
    {
        var message = OutboxMessage.For(integrationEvent, (clock ?? TimeProvider.System).GetUtcNow(), Activity.Current?.Id);
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
