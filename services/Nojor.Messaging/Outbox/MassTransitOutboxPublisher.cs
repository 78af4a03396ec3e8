using System.Diagnostics;
using System.Text.Json;
using MassTransit;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// Publishes through MassTransit with RabbitMQ publisher confirms (MassTransit's default), so the
/// returned task completes only when the broker has taken the message. The row's body goes out as the message as it is
/// (see <see cref="OutboxSerialization"/>); the event object is needed only for MassTransit's routing by type.
/// </summary>
internal sealed class MassTransitOutboxPublisher(IBus bus) : IOutboxPublisher
{
    public async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = OutboxTypeNames.Resolve(message.MessageType);
        // A row staged in this process still holds its event; one read from the table is read back from its body.
        var payload = message.Event ?? JsonSerializer.Deserialize(message.Body, type, OutboxSerialization.Options)
            ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty body.");

        // Continue the trace of the request that wrote the row, so gateway → service → broker → consumer is one trace.
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity("outbox relay", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.Id);
        activity?.SetTag("messaging.message.type", type.Name);

        await bus.Publish(payload, type, context =>
        {
            context.MessageId = message.Id;
            context.Serializer = new StoredBodySerializer(message.Body);
        }, cancellationToken);
    }
}
