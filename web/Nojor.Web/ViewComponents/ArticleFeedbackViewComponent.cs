using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Pages.Articles.Feedback;
using Nojor.Web.Readers;

namespace Nojor.Web.ViewComponents;

/// <summary>
/// The reader's side of a report page: the rating and reactions so far, the comment thread, and the forms to rate,
/// react, comment, reply and suggest a correction.
/// <para>
/// The report page is shared (and cached by the gateway) for readers without the reader cookie, so what it shows them
/// depends on the report alone. A reader with the cookie also sees their own rating, reaction and held comments,
/// from <see cref="MyFeedback"/>, and gets anti-forgery tokens in the forms. If the feedback service does not answer,
/// the report still renders; only this part says it is unavailable.
/// </para>
/// </summary>
public sealed class ArticleFeedbackViewComponent(ArticleFeedbackApi feedback, ReaderSession reader, ILogger<ArticleFeedbackViewComponent> logger)
    : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Article article)
    {
        var cancellationToken = HttpContext.RequestAborted;
        FeedbackSummary? summary = null;
        CommentThread? thread = null;
        var available = true;
        try
        {
            var summaryRead = feedback.GetSummaryAsync(article.Id, cancellationToken);
            var threadRead = feedback.GetCommentsAsync(article.Id, cancellationToken);
            await Task.WhenAll(summaryRead, threadRead);
            summary = summaryRead.Result.Value;
            thread = threadRead.Result.Value;
        }
        catch (ServiceUnavailableException e)
        {
            logger.LogWarning(e, "Feedback on {ArticleId} could not be read; the report renders without it", article.Id);
            available = false;
        }

        // Only a reader who has posted (and so holds the reader cookie) can have a confirmation waiting. Reading TempData
        // for anyone else makes its provider answer with a cookie deletion, and a page that sets a cookie is never shared.
        var state = HttpContext.Items[FeedbackFormState.ItemsKey] as FeedbackFormState
            ?? (reader.HasToken
                ? FeedbackFormState.Confirmation(TempData[FeedbackFormState.TempDataForm] as string, TempData[FeedbackFormState.TempDataMessage] as string)
                : null);
        var mine = reader.HasToken ? MyFeedback.Read(HttpContext) : MyFeedback.Empty;
        summary ??= FeedbackSummary.Empty(article.Id);
        return View(new ArticleFeedbackView(
            article,
            available,
            Open: article.Retraction is null && !summary.Retracted,
            summary,
            Thread(thread?.Comments ?? [], mine.HeldOn(article.Id).ToList(), state?.Posted),
            mine.For(article.Id),
            state,
            AntiforgeryTokens: reader.HasToken));
    }

    /// <summary>
    /// Newest conversations first, as readers of a news page expect; replies under their comment in the order they were
    /// written. The reader's own held comments join where they would appear once published.
    /// </summary>
    private static List<ThreadComment> Thread(IReadOnlyList<PublicComment> published, List<MyHeldComment> held, PostedComment? justPosted)
    {
        var visible = published.SelectMany(c => c.Replies.Prepend(c)).Select(c => c.Id).ToHashSet();
        // Once an editor publishes a held comment it is in the thread like any other.
        held.RemoveAll(h => visible.Contains(h.Id));
        var thread = published.Reverse()
            .Select(c => new ThreadComment(c.Id, c.Text, c.CreatedAt, c.EditedAt, Held: false,
                [
                    .. c.Replies.Select(r => new ThreadComment(r.Id, r.Text, r.CreatedAt, r.EditedAt, Held: false, [])),
                    .. held.Where(h => h.ParentId == c.Id).OrderBy(h => h.SentAt).Select(h => Held(h, justPosted)),
                ]))
            .ToList();
        thread.InsertRange(0, held.Where(h => h.ParentId is null).OrderByDescending(h => h.SentAt).Select(h => Held(h, justPosted)));
        return thread;
    }

    private static ThreadComment Held(MyHeldComment held, PostedComment? justPosted) =>
        new(held.Id, justPosted?.Id == held.Id ? justPosted.Text : held.Excerpt, held.SentAt, null, Held: true, []);
}

public sealed record ArticleFeedbackView(
    Article Article,
    bool Available,
    bool Open,
    FeedbackSummary Summary,
    IReadOnlyList<ThreadComment> Thread,
    MyReport? Mine,
    FeedbackFormState? State,
    bool AntiforgeryTokens)
{
    /// <summary>Where the forms post: under the report's own address.</summary>
    public string ReportPath { get; } = "/articles/" + Uri.EscapeDataString(Article.Slug);

    public int PublishedCount => Thread.Where(c => !c.Held).Sum(c => 1 + c.Replies.Count(r => !r.Held));

    /// <summary>The form's outcome if it is the form just sent (or redirected back from), else null.</summary>
    public FeedbackFormState? StateOf(FeedbackForm form, Guid? parentId = null) => State?.IsFor(form, parentId) == true ? State : null;
}

/// <summary>A comment as the thread shows it: published for everyone, or held and shown to its author alone.</summary>
public sealed record ThreadComment(Guid Id, string Text, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Held, IReadOnlyList<ThreadComment> Replies);
