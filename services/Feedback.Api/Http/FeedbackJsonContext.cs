using System.Text.Json;
using System.Text.Json.Serialization;
using Nojor.Feedback.Beta;

namespace Nojor.Feedback.Http;

/// <summary>
/// Compile-time JSON metadata for the beta-feedback submission, the service's busiest write: its request and answer
/// are read and written without reflection. Every other type still goes through the default resolver.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SendFeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
internal sealed partial class FeedbackJsonContext : JsonSerializerContext;
