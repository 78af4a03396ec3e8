using Nojor.Articles.Stories;
using Nojor.Limits;

namespace Nojor.Articles.Articles;

/// <summary>A news report. The slug is made once from the first headline and never changes.</summary>
public sealed class Article
{
    public const int HeadlineMaxLength = 200;
    public const int SummaryMaxLength = 600;
    public const int SlugMaxLength = 120;
    /// <summary>Shared with the gateway, whose route limit for editors' writes is derived from it.</summary>
    public const int BodyMaxBytes = RequestLimits.ReportBodyMaxBytes;
    public const int DatelineMaxLength = 100;
    public const int BylineMaxLength = 200;
    public const int LanguageMaxLength = 35;
    public const int RetractionReasonMaxLength = 1000;
    public const int MinUrgency = 1;
    public const int MaxUrgency = 9;
    public const int DefaultUrgency = 5;

    // Every change goes through the methods below, which refuse what the editorial rules do not allow; EF Core
    // materialises reports through this constructor and the private setters.
    private Article()
    {
    }

    public Guid Id { get; private init; }

    public string Slug { get; private init; } = "";

    public string Headline { get; private set; } = "";

    public string? Summary { get; private set; }

    /// <summary>Markdown as the editor wrote it.</summary>
    public string Body { get; private set; } = "";

    /// <summary>The body rendered to sanitised HTML when it was saved.</summary>
    public string BodyHtml { get; private set; } = "";

    /// <summary>The body as plain text: what full-text search indexes and highlights.</summary>
    public string BodyText { get; private set; } = "";

    public string Section { get; private set; } = "";

    public List<string> Tags { get; private set; } = [];

    public List<Place> Places { get; private set; } = [];

    /// <summary>Every place name, lowercased and without accents, for trigram matching of spelling variants.</summary>
    public string PlaceText { get; private set; } = "";

    public string? Dateline { get; private set; }

    public string? Byline { get; private set; }

    /// <summary>BCP 47 language tag, e.g. "en" or "ps-AF".</summary>
    public string Language { get; private set; } = "en";

    /// <summary>IPTC urgency: 1 is a flash, 9 the least urgent.</summary>
    public int Urgency { get; private set; } = DefaultUrgency;

    public bool IsBreaking { get; private set; }

    /// <summary>Readers and event consumers see nothing of the report before this moment.</summary>
    public DateTimeOffset? EmbargoUntil { get; private set; }

    public Guid? StoryId { get; private set; }

    public Story? Story { get; private set; }

    public ArticleStatus Status { get; private set; }

    /// <summary>When a scheduled report is due to be published.</summary>
    public DateTimeOffset? PublishAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? RetractedAt { get; private set; }

    public string? RetractionReason { get; private set; }

    public List<Correction> Corrections { get; private set; } = [];

    public int Version { get; private set; } = 1;

    /// <summary>Strong validator of this version's representation.</summary>
    public string ETag => ArticleETag.For(Id, Version);

    public bool IsVisibleToReaders(DateTimeOffset now) =>
        Status is ArticleStatus.Published or ArticleStatus.Retracted && (EmbargoUntil is null || EmbargoUntil <= now);

    /// <summary>
    /// Files a new report at version 1: scheduled for <paramref name="publishAt"/> when one is given, otherwise published
    /// at once (or scheduled for the end of a running embargo), or kept as a draft when <paramref name="draft"/> is set.
    /// Filing and its first state are one change, so neither bumps the version.
    /// </summary>
    /// <param name="body"><paramref name="content"/>'s body, rendered.</param>
    /// <param name="story">The story <paramref name="content"/> names, found or started; null for none.</param>
    public static Article File(Guid id, string slug, ArticleContent content, ArticleBody body, Story? story, bool draft,
        DateTimeOffset? publishAt, DateTimeOffset now)
    {
        if (publishAt is { } at)
        {
            CheckPublishAt(at, now);
        }
        var article = new Article { Id = id, Slug = slug, CreatedAt = now, UpdatedAt = now, Status = ArticleStatus.Draft };
        article.SetContent(content, body, story);
        if (publishAt is { } scheduled)
        {
            article.ScheduleFor(scheduled);
        }
        else if (!draft)
        {
            article.PublishOrHold(now);
        }
        return article;
    }

    /// <summary>
    /// Refuses a publication time that is not in the future. Editors' requests are checked with it before the report is
    /// even loaded, as any other request validation is, so a past time is refused whatever the report's state.
    /// </summary>
    public static void CheckPublishAt(DateTimeOffset publishAt, DateTimeOffset now)
    {
        if (publishAt <= now)
        {
            throw new ArticleRuleException(ArticleRuleKind.Value, "publishAt must be in the future; publish now instead.");
        }
    }

    /// <summary>Replaces the whole content. A retracted report is kept as it was, and a published one takes no new embargo.</summary>
    /// <param name="body"><paramref name="content"/>'s body, rendered.</param>
    /// <param name="story">The story <paramref name="content"/> names, found or started; null for none.</param>
    public void Revise(ArticleContent content, ArticleBody body, Story? story, DateTimeOffset now)
    {
        if (Status == ArticleStatus.Retracted)
        {
            throw new ArticleRuleException(ArticleRuleKind.State, "A retracted report is kept as it was; it cannot be edited.");
        }
        // Readers have seen it: holding it back again would not unpublish anything. An embargo already set may stay.
        if (Status == ArticleStatus.Published && content.EmbargoUntil > now && content.EmbargoUntil != EmbargoUntil)
        {
            throw new ArticleRuleException(ArticleRuleKind.Value, "A published report cannot be put under a new embargo; retract it instead.");
        }
        SetContent(content, body, story);
        NextVersion(now);
    }

    /// <summary>Publishes a draft or scheduled report now, or schedules it for the end of its embargo when one is still running.</summary>
    public void Publish(DateTimeOffset now)
    {
        if (Status is not (ArticleStatus.Draft or ArticleStatus.Scheduled))
        {
            throw new ArticleRuleException(ArticleRuleKind.State,
                $"The report is {StatusName}; only drafts and scheduled reports can be published.");
        }
        PublishOrHold(now);
        NextVersion(now);
    }

    /// <summary>Schedules (or reschedules) a draft or scheduled report; an embargo still holds it back past that time.</summary>
    public void Schedule(DateTimeOffset publishAt, DateTimeOffset now)
    {
        CheckPublishAt(publishAt, now);
        if (Status is not (ArticleStatus.Draft or ArticleStatus.Scheduled))
        {
            throw new ArticleRuleException(ArticleRuleKind.State, $"The report is already {StatusName}.");
        }
        ScheduleFor(publishAt);
        NextVersion(now);
    }

    /// <summary>Puts a published report right and appends the dated public note; drafts are edited directly instead.</summary>
    /// <param name="body">The corrected body, rendered, or null to keep the body.</param>
    public void Correct(ArticleCorrection correction, ArticleBody? body, DateTimeOffset now)
    {
        if (Status != ArticleStatus.Published)
        {
            throw new ArticleRuleException(ArticleRuleKind.State, "Only a published report takes corrections; edit drafts directly.");
        }
        if (correction.Headline is not null)
        {
            Headline = correction.Headline;
        }
        if (correction.Summary is not null)
        {
            Summary = correction.Summary;
        }
        if (body is not null)
        {
            SetBody(body);
        }
        NextVersion(now);
        Corrections.Add(new Correction { At = now, Note = correction.Note });
    }

    /// <summary>Retracts a published report: it stays readable, marked, with the reason.</summary>
    public void Retract(string reason, DateTimeOffset now)
    {
        if (Status != ArticleStatus.Published)
        {
            throw new ArticleRuleException(ArticleRuleKind.State, "Only a published report can be retracted.");
        }
        NextVersion(now);
        Status = ArticleStatus.Retracted;
        RetractedAt = now;
        RetractionReason = reason;
    }

    private string StatusName => Status.ToString().ToLowerInvariant();

    private void PublishOrHold(DateTimeOffset now)
    {
        if (EmbargoUntil > now)
        {
            ScheduleFor(EmbargoUntil.Value);
            return;
        }
        Status = ArticleStatus.Published;
        PublishAt = null;
        PublishedAt ??= now;
    }

    private void ScheduleFor(DateTimeOffset publishAt)
    {
        Status = ArticleStatus.Scheduled;
        // An embargo holds a scheduled report back too.
        PublishAt = EmbargoUntil > publishAt ? EmbargoUntil : publishAt;
    }

    private void NextVersion(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }

    private void SetContent(ArticleContent content, ArticleBody body, Story? story)
    {
        Headline = content.Headline;
        Summary = content.Summary;
        SetBody(body);
        Section = content.Section;
        Tags = [.. content.Tags];
        SetPlaces(content.Places);
        Dateline = content.Dateline;
        Byline = content.Byline;
        Language = content.Language;
        Urgency = content.Urgency;
        IsBreaking = content.IsBreaking;
        EmbargoUntil = content.EmbargoUntil;
        Story = story;
        StoryId = story?.Id;
    }

    private void SetBody(ArticleBody body)
    {
        Body = body.Markdown;
        BodyHtml = body.Html;
        BodyText = body.Text;
    }

    private void SetPlaces(IEnumerable<Place> places)
    {
        Places = [.. places];
        PlaceText = string.Join(' ', Places.SelectMany(p => p.Names()).Select(PlaceNames.Normalize).Distinct());
    }
}
