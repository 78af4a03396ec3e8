using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Contracts;
using Nojor.Messaging.Outbox;

namespace Nojor.UnitTests.Messaging;

/// <summary>The relay on MassTransit's in-memory harness, which serialises every message as the broker transport does.</summary>
public sealed class OutboxSerializationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddMassTransitTestHarness(bus => bus.AddHandler<FeedbackReceived>((ConsumeContext<FeedbackReceived> _) => Task.CompletedTask))
            .BuildServiceProvider(validateScopes: true);
        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_staged_event_goes_out_with_its_stored_body_as_the_message_in_MassTransits_own_envelope()
    {
        var published = Event("Night mode, please — «bientôt»");
        var row = OutboxMessage.For(published, DateTimeOffset.UtcNow, traceParent: null);

        await new MassTransitOutboxPublisher(_harness.Bus).PublishAsync(row, CancellationToken.None);
        await _harness.Bus.Publish(Event("as MassTransit sends it"));

        var relayed = await ReceivedAsync(row.Id);
        var direct = await ReceivedAsync(null);
        Assert.Equal(published, relayed.Context.Message);
        Assert.Equal(direct.Context.ReceiveContext.ContentType, relayed.Context.ReceiveContext.ContentType);
        // The body went out as it was stored, not serialised again.
        Assert.Contains(row.Body, relayed.Context.ReceiveContext.Body.GetString(), StringComparison.Ordinal);
        AssertSameEnvelope(direct, relayed);
    }

    [Fact]
    public async Task A_row_read_back_from_the_table_goes_out_with_its_body_as_the_table_returned_it()
    {
        var published = Event("Read back from jsonb");
        var staged = OutboxMessage.For(published, DateTimeOffset.UtcNow, traceParent: null);
        // jsonb returns the body reformatted (its own spacing and key order): what the relay reads is not the staged string.
        using var parsed = JsonDocument.Parse(staged.Body);
        var reformatted = JsonSerializer.Serialize(parsed.RootElement, new JsonSerializerOptions { WriteIndented = true });
        var row = new OutboxMessage { Id = staged.Id, MessageType = staged.MessageType, Body = reformatted, OccurredAt = staged.OccurredAt };

        await new MassTransitOutboxPublisher(_harness.Bus).PublishAsync(row, CancellationToken.None);

        var relayed = await ReceivedAsync(row.Id);
        Assert.Equal(published, relayed.Context.Message);
        Assert.Contains(reformatted, relayed.Context.ReceiveContext.Body.GetString(), StringComparison.Ordinal);
    }

    private static FeedbackReceived Event(string text) =>
        new(Guid.NewGuid(), "idea", text, "/beta", new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.FromHours(1)));

    private async Task<IReceivedMessage<FeedbackReceived>> ReceivedAsync(Guid? messageId)
    {
        using var patience = new CancellationTokenSource(Patience);
        var found = await _harness.Consumed.SelectAsync<FeedbackReceived>(m => messageId is null
            ? m.Context.Message.Text == "as MassTransit sends it"
            : m.Context.MessageId == messageId, patience.Token).FirstOrDefault();
        return found ?? throw new TimeoutException($"Message {messageId} was not consumed.");
    }

    /// <summary>Both envelopes carry the same fields, and their messages are equal JSON (whatever the spacing).</summary>
    private static void AssertSameEnvelope(IReceivedMessage<FeedbackReceived> expected, IReceivedMessage<FeedbackReceived> actual)
    {
        using var expectedEnvelope = JsonDocument.Parse(expected.Context.ReceiveContext.Body.GetString());
        using var actualEnvelope = JsonDocument.Parse(actual.Context.ReceiveContext.Body.GetString());
        Assert.Equal(
            expectedEnvelope.RootElement.EnumerateObject().Select(p => p.Name),
            actualEnvelope.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            expectedEnvelope.RootElement.GetProperty("messageType").ToString(),
            actualEnvelope.RootElement.GetProperty("messageType").ToString());
        var message = actualEnvelope.RootElement.GetProperty("message");
        var wouldBe = JsonSerializer.SerializeToElement(actual.Context.Message, MassTransit.Serialization.SystemTextJsonMessageSerializer.Options);
        Assert.True(JsonElement.DeepEquals(wouldBe, message), $"{message} differs from {wouldBe}");
    }
}
