using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using MassTransit.Serialization;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// An event is serialised once, when it is staged: the outbox row's body is the JSON MassTransit would write for the
/// message (its own serializer options, without the indentation), and the relay puts that body into MassTransit's
/// envelope as it is (<see cref="StoredBodySerializer"/>) instead of reading it back and serialising it again. The
/// envelope, its headers and the content type are MassTransit's own, so consumers see the same message.
/// </summary>
internal static class OutboxSerialization
{
    public static readonly JsonSerializerOptions Options = new(SystemTextJsonMessageSerializer.Options) { WriteIndented = false };
}

/// <summary>
/// MassTransit's JSON envelope around a message body serialised before (the outbox row's), set on the publish context of
/// one relayed row. Only the body is taken as it is; the envelope is built and written by MassTransit's serializer.
/// </summary>
internal sealed class StoredBodySerializer(string body) : IMessageSerializer
{
    public ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

    public MessageBody GetMessageBody<T>(SendContext<T> context) where T : class =>
        new SystemTextJsonMessageBody<T>(context, SystemTextJsonMessageSerializer.Options, new JsonMessageEnvelope(context, new StoredJson(body)));

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("json");
        scope.Add("contentType", ContentType.MediaType);
        scope.Add("provider", "outbox body");
    }
}

/// <summary>JSON written as it is, for the envelope's message.</summary>
[JsonConverter(typeof(Converter))]
internal sealed class StoredJson(string json)
{
    private sealed class Converter : JsonConverter<StoredJson>
    {
        public override StoredJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Stored JSON is only ever written.");

        // The body is a jsonb value or our own serializer's output: valid JSON, so it is not parsed again to check.
        public override void Write(Utf8JsonWriter writer, StoredJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Json, skipInputValidation: true);
    }

    public string Json { get; } = json;
}
