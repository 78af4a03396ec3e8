namespace Nojor.Web.Api;

// What the desk reads and sends: the article service's editorial shapes and the feedback service's editor reads.

/// <summary>A report in any state, with the whole editable content (<c>GET /api/articles/by-id/{id}/draft</c>).</summary>
public sealed record DeskArticle(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string Body,
    string BodyHtml,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<Place> Places,
    string? Dateline,
    string? Byline,
    string Language,
    int Urgency,
    bool Breaking,
    string Status,
    StoryLink? Story,
    DateTimeOffset? EmbargoUntil,
    DateTimeOffset? PublishAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<Correction> Corrections,
    Retraction? Retraction,
    int Version,
    string Url)
{
    /// <summary>The same report in the reader pages' shape, for rendering it (or its preview) exactly as readers see it.</summary>
    public Article ForReaders(string? bodyHtml = null) => new(Id, Slug, Headline, Summary, Body, bodyHtml ?? BodyHtml, Section, Tags, Places,
        Dateline, Byline, Language, Urgency, Breaking, Status, Story, PublishedAt, UpdatedAt, Corrections, Retraction, Version, Url);
}

/// <summary>A report with the ETag of the version read, which a save sends back as <c>If-Match</c>.</summary>
public sealed record Versioned<T>(T Value, string ETag);

public sealed record QueuedArticle(
    Guid Id,
    string Slug,
    string Headline,
    string Section,
    string Status,
    bool Embargoed,
    bool Breaking,
    int Urgency,
    DateTimeOffset? EmbargoUntil,
    DateTimeOffset? PublishAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string Url);

public sealed record QueuedArticleList(IReadOnlyList<QueuedArticle> Items, int? NextOffset);

public sealed record Revision(int Version, string Change, string Headline, string? Summary, string Body, string? Note, DateTimeOffset RecordedAt);

public sealed record PlaceInput(string? Country, string? Region, string? District);

/// <summary>The whole content of a report as the desk sends it (create or replace).</summary>
public sealed record ReportContent(
    string? Headline,
    string? Summary,
    string? Body,
    string? Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<PlaceInput> Places,
    string? Dateline,
    string? Byline,
    string? Language,
    int? Urgency,
    bool Breaking,
    DateTimeOffset? EmbargoUntil,
    string? Story);

public sealed record Preview(string BodyHtml);

/// <summary>One row of the feedback service's export: beta feedback, a comment or a correction request.</summary>
public sealed record FeedbackRow(
    Guid Id,
    string Kind,
    DateTimeOffset CreatedAt,
    Guid? ArticleId,
    int? ArticleVersion,
    string? Status,
    string Text,
    string? QuotedPassage,
    string? SourceUrl,
    string? Page,
    string? ContactEmail,
    string? PublicReply);

public sealed record FeedbackExport(int Count, IReadOnlyList<FeedbackRow> Items);

public sealed record HeldComment(Guid Id, Guid ArticleId, Guid? ParentId, string Text, string? HeldFor, int ArticleVersion, DateTimeOffset CreatedAt);

public sealed record ModerationQueue(IReadOnlyList<HeldComment> Items);

public sealed record CorrectionRequest(Guid Id, Guid ArticleId, int ArticleVersion, string QuotedPassage, string SuggestedFix, string? SourceUrl,
    DateTimeOffset RequestedAt);

public sealed record CorrectionRequestList(IReadOnlyList<CorrectionRequest> Items);

/// <summary>Deliveries of one channel by outcome (<c>GET /api/notifications/alerts/by-article/{id}</c>).</summary>
public sealed record ChannelDeliveries(int Delivered, int Pending, int Failed, int Superseded)
{
    public int Total => Delivered + Pending + Failed + Superseded;
}

public sealed record InstanceReach(string Instance, int Clients, DateTimeOffset UpdatedAt);

public sealed record AlertDelivery(string AlertId, string Type, DateTimeOffset RaisedAt, bool Breaking, int? Urgency, string? SupersedesAlertId,
    int SubscribersMatched, ChannelDeliveries Webhooks, ChannelDeliveries Push, ChannelDeliveries Email, int StreamClientsReached,
    IReadOnlyList<InstanceReach> StreamsByInstance)
{
    /// <summary>Nothing is left to send on any channel (stream clients may still be added as readers resume).</summary>
    public bool Settled => Webhooks.Pending + Push.Pending + Email.Pending == 0;
}

public sealed record AlertDeliveryList(IReadOnlyList<AlertDelivery> Items);
