using Nojor.Articles.Articles;
using Nojor.Articles.Stories;

namespace Nojor.UnitTests.Articles;

/// <summary>The editorial state machine as the report itself enforces it: each legal change applied, each illegal one refused.</summary>
public class ArticleTransitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static ArticleContent Content(string headline = "Floods close the northern pass", DateTimeOffset? embargoUntil = null) =>
        new(headline, "Summary", "The *pass* is closed.", "world", ["floods"], [new Place { Country = "Tajikistan", District = "Khorog" }],
            "KHOROG", "A reporter", "en", 5, false, embargoUntil, null);

    private static ArticleBody Body(string markdown) => new(markdown, $"<p>{markdown}</p>", markdown);

    private static Article File(bool draft = false, DateTimeOffset? publishAt = null, DateTimeOffset? embargoUntil = null)
    {
        var content = Content(embargoUntil: embargoUntil);
        return Article.File(Guid.CreateVersion7(Now), "floods-close-the-northern-pass", content, Body(content.Body), null, draft, publishAt, Now);
    }

    /// <summary>A report brought to <paramref name="status"/> through legal changes only.</summary>
    private static Article ReportIn(ArticleStatus status)
    {
        switch (status)
        {
            case ArticleStatus.Draft:
                return File(draft: true);
            case ArticleStatus.Scheduled:
                return File(publishAt: Now.AddHours(1));
            case ArticleStatus.Published:
                return File();
            default:
                var retracted = File();
                retracted.Retract("Wrong valley.", Now.AddMinutes(1));
                return retracted;
        }
    }

    private static void AssertRefused(ArticleRuleKind kind, Article article, Action change)
    {
        var (status, version, updatedAt, headline) = (article.Status, article.Version, article.UpdatedAt, article.Headline);
        var refused = Assert.Throws<ArticleRuleException>(change);
        Assert.Equal(kind, refused.Kind);
        // A refused change leaves the report exactly as it was.
        Assert.Equal((status, version, updatedAt, headline), (article.Status, article.Version, article.UpdatedAt, article.Headline));
    }

    [Fact]
    public void Filing_without_a_draft_flag_or_time_publishes_the_report_at_version_one()
    {
        var article = File();
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(Now, article.PublishedAt);
        Assert.Equal(1, article.Version);
        Assert.Equal("<p>The *pass* is closed.</p>", article.BodyHtml);
        Assert.Equal("tajikistan khorog", article.PlaceText);
    }

    [Fact]
    public void Filing_a_draft_keeps_it_unpublished()
    {
        var article = File(draft: true);
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Null(article.PublishedAt);
        Assert.False(article.IsVisibleToReaders(Now));
    }

    [Fact]
    public void Filing_with_a_publication_time_schedules_the_report_even_when_marked_draft()
    {
        var article = File(draft: true, publishAt: Now.AddHours(2));
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(Now.AddHours(2), article.PublishAt);
        Assert.Equal(1, article.Version);
    }

    [Fact]
    public void Filing_under_a_running_embargo_schedules_the_report_for_the_end_of_the_embargo()
    {
        var article = File(embargoUntil: Now.AddHours(3));
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(Now.AddHours(3), article.PublishAt);
        Assert.Null(article.PublishedAt);
    }

    [Fact]
    public void Filing_with_a_publication_time_that_has_passed_is_refused() =>
        Assert.Equal(ArticleRuleKind.Value, Assert.Throws<ArticleRuleException>(() => File(publishAt: Now)).Kind);

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Scheduled)]
    public void Publishing_a_draft_or_scheduled_report_publishes_it_as_a_new_version(ArticleStatus status)
    {
        var article = ReportIn(status);
        var later = Now.AddMinutes(5);
        article.Publish(later);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(later, article.PublishedAt);
        Assert.Null(article.PublishAt);
        Assert.Equal(2, article.Version);
        Assert.Equal(later, article.UpdatedAt);
    }

    [Fact]
    public void Publishing_under_a_running_embargo_schedules_the_report_for_the_end_of_the_embargo()
    {
        var article = File(draft: true, embargoUntil: Now.AddHours(1));
        article.Publish(Now.AddMinutes(1));
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(Now.AddHours(1), article.PublishAt);
        Assert.Equal(2, article.Version);
    }

    [Theory]
    [InlineData(ArticleStatus.Published)]
    [InlineData(ArticleStatus.Retracted)]
    public void Publishing_a_published_or_retracted_report_is_refused(ArticleStatus status)
    {
        var article = ReportIn(status);
        AssertRefused(ArticleRuleKind.State, article, () => article.Publish(Now.AddMinutes(5)));
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Scheduled)]
    public void Scheduling_a_draft_or_scheduled_report_sets_its_publication_time(ArticleStatus status)
    {
        var article = ReportIn(status);
        article.Schedule(Now.AddDays(1), Now.AddMinutes(5));
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(Now.AddDays(1), article.PublishAt);
        Assert.Equal(2, article.Version);
    }

    [Fact]
    public void A_report_scheduled_before_its_embargo_ends_waits_for_the_embargo()
    {
        var article = File(draft: true, embargoUntil: Now.AddHours(6));
        article.Schedule(Now.AddHours(1), Now);
        Assert.Equal(Now.AddHours(6), article.PublishAt);
    }

    [Theory]
    [InlineData(ArticleStatus.Published)]
    [InlineData(ArticleStatus.Retracted)]
    public void Scheduling_a_published_or_retracted_report_is_refused(ArticleStatus status)
    {
        var article = ReportIn(status);
        AssertRefused(ArticleRuleKind.State, article, () => article.Schedule(Now.AddDays(1), Now.AddMinutes(5)));
    }

    [Fact]
    public void Scheduling_for_a_time_that_has_passed_is_refused()
    {
        var article = ReportIn(ArticleStatus.Draft);
        AssertRefused(ArticleRuleKind.Value, article, () => article.Schedule(Now.AddMinutes(-1), Now));
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Scheduled)]
    [InlineData(ArticleStatus.Published)]
    public void Revising_a_report_that_is_not_retracted_replaces_its_content_as_a_new_version(ArticleStatus status)
    {
        var article = ReportIn(status);
        var story = new Story { Id = Guid.CreateVersion7(Now), Slug = "floods", Title = "Floods", CreatedAt = Now };
        article.Revise(Content("The northern pass reopens") with { Tags = ["roads"] }, Body("Open again."), story, Now.AddMinutes(5));
        Assert.Equal("The northern pass reopens", article.Headline);
        Assert.Equal(["roads"], article.Tags);
        Assert.Equal("Open again.", article.Body);
        Assert.Equal(story.Id, article.StoryId);
        Assert.Equal(status, article.Status);
        Assert.Equal(2, article.Version);
    }

    [Fact]
    public void Revising_a_retracted_report_is_refused()
    {
        var article = ReportIn(ArticleStatus.Retracted);
        AssertRefused(ArticleRuleKind.State, article, () => article.Revise(Content("Rewritten"), Body("x"), null, Now.AddMinutes(5)));
    }

    [Fact]
    public void Putting_a_published_report_under_a_new_embargo_is_refused()
    {
        var article = ReportIn(ArticleStatus.Published);
        AssertRefused(ArticleRuleKind.Value, article,
            () => article.Revise(Content("Rewritten", embargoUntil: Now.AddHours(1)), Body("x"), null, Now.AddMinutes(5)));
    }

    [Fact]
    public void A_published_report_may_keep_an_embargo_that_has_passed()
    {
        var article = ReportIn(ArticleStatus.Published);
        article.Revise(Content("Rewritten", embargoUntil: Now.AddMinutes(-30)), Body("x"), null, Now.AddMinutes(5));
        Assert.Equal(Now.AddMinutes(-30), article.EmbargoUntil);
    }

    [Fact]
    public void Correcting_a_published_report_changes_only_the_given_text_and_appends_a_dated_note()
    {
        var article = ReportIn(ArticleStatus.Published);
        var at = Now.AddMinutes(10);
        article.Correct(new ArticleCorrection("The pass is in Khorog district.", "Floods close the Khorog pass", null, "Fixed."), Body("Fixed."), at);
        Assert.Equal("Floods close the Khorog pass", article.Headline);
        Assert.Equal("Summary", article.Summary);
        Assert.Equal("Fixed.", article.Body);
        var correction = Assert.Single(article.Corrections);
        Assert.Equal(("The pass is in Khorog district.", at), (correction.Note, correction.At));
        Assert.Equal((ArticleStatus.Published, 2, at), (article.Status, article.Version, article.UpdatedAt));
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Scheduled)]
    [InlineData(ArticleStatus.Retracted)]
    public void Correcting_a_report_that_is_not_published_is_refused(ArticleStatus status)
    {
        var article = ReportIn(status);
        AssertRefused(ArticleRuleKind.State, article,
            () => article.Correct(new ArticleCorrection("Note", "New headline", null, null), null, Now.AddMinutes(5)));
        Assert.Empty(article.Corrections);
    }

    [Fact]
    public void Retracting_a_published_report_marks_it_with_the_reason_and_the_time()
    {
        var article = ReportIn(ArticleStatus.Published);
        var at = Now.AddMinutes(10);
        article.Retract("The report named the wrong valley.", at);
        Assert.Equal((ArticleStatus.Retracted, "The report named the wrong valley.", (DateTimeOffset?)at, 2),
            (article.Status, article.RetractionReason, article.RetractedAt, article.Version));
        Assert.True(article.IsVisibleToReaders(at));
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Scheduled)]
    [InlineData(ArticleStatus.Retracted)]
    public void Retracting_a_report_that_is_not_published_is_refused(ArticleStatus status)
    {
        var article = ReportIn(status);
        AssertRefused(ArticleRuleKind.State, article, () => article.Retract("Reason", Now.AddMinutes(5)));
    }
}
