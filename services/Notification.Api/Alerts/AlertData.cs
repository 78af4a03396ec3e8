using System.Text.Json.Serialization;
using Nojor.Contracts;

namespace Nojor.Notifications.Alerts;

/// <summary>The <c>data</c> of an alert message: the report, plus how this alert relates to earlier ones.</summary>
public sealed record AlertData
{
    public required string AlertId { get; init; }

    /// <summary>The earlier alert on the same story this one replaces, if it came within the supersede window.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Supersedes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Guid? StoryId { get; init; }

    public required Guid ArticleId { get; init; }

    public required string Slug { get; init; }

    public required string Headline { get; init; }

    public string? Summary { get; init; }

    public string? Section { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<ArticlePlace>? Places { get; init; }

    public StoryReference? Story { get; init; }

    public string? Language { get; init; }

    public int? Urgency { get; init; }

    public required int Version { get; init; }

    public required string Url { get; init; }

    /// <summary>The public note of a correction.</summary>
    public string? CorrectionNote { get; init; }

    /// <summary>Why the report was retracted.</summary>
    public string? RetractionReason { get; init; }
}
