using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nojor.Notifications.Webhooks;

/// <summary>The Standard Webhooks envelope: <c>{type, timestamp, data}</c>.</summary>
public sealed record WebhookPayload<TData>(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("data")] TData Data)
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);
}
