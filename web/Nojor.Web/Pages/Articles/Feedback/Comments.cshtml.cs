using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Readers;
using Fields = Nojor.Web.Pages.Articles.Feedback.FeedbackFormState.Fields;

namespace Nojor.Web.Pages.Articles.Feedback;

/// <summary>
/// Posts a comment, or a reply to a top-level comment. The moderation filter publishes it or holds it for an editor;
/// a held one is remembered for its author (<see cref="MyFeedback"/>), the only reader who may see it.
/// </summary>
public sealed class CommentsModel(ArticleApi articles, ArticleFeedbackApi feedback, ReaderSession reader) : FeedbackPostModel(articles, reader)
{
    private bool _reply;

    public override string Heading => _reply ? "Your reply was not sent" : "Your comment was not sent";

    public async Task<IActionResult> OnPostAsync([FromForm(Name = Fields.Text)] string? text, [FromForm(Name = Fields.ParentId)] string? parentId,
        CancellationToken cancellationToken)
    {
        Guid? parent = null;
        if (!string.IsNullOrEmpty(parentId))
        {
            // Only a tampered form sends something else: the reply form carries the id the page rendered.
            if (!Guid.TryParse(parentId, out var id))
            {
                return BadRequest();
            }
            parent = id;
        }
        _reply = parent is not null;
        if (!await FindArticleAsync(cancellationToken))
        {
            return NotFound();
        }
        text = Normalise(text);
        var state = new FeedbackFormState(_reply ? FeedbackForm.Reply : FeedbackForm.Comment, parent) { Values = { [Fields.Text] = text } };
        var invalid = _reply
            ? CheckText(text, FeedbackLimits.CommentMaxLength, "Write your reply before sending it.", "Your reply")
            : CheckText(text, FeedbackLimits.CommentMaxLength, "Write your comment before sending it.", "Your comment");
        if (invalid is not null)
        {
            state.Errors[Fields.Text] = invalid;
            return Invalid(state);
        }
        if (await EnsureReaderAsync(state, cancellationToken) is { } refused)
        {
            return refused;
        }
        var posted = await feedback.PostCommentAsync(Article.Id, text!, parent, Reader.Authorize, cancellationToken);
        if (!posted.Succeeded)
        {
            if (_reply && posted.Problem!.Status == StatusCodes.Status404NotFound)
            {
                // The comment replied to went away (its author deleted it) while the reader wrote: keep their words
                // in the comment form rather than lose them with a reply form that no longer exists.
                var orphan = new FeedbackFormState(FeedbackForm.Comment)
                {
                    Values = { [Fields.Text] = text },
                    Message = "The comment you replied to is no longer published. You can post your reply as a comment of its own.",
                };
                return Show(orphan, StatusCodes.Status409Conflict);
            }
            return Refuse(state, posted.Problem!);
        }
        var comment = posted.Value!;
        state.Posted = comment;
        if (comment.IsHeld)
        {
            MyFeedback.Write(HttpContext, MyFeedback.Read(HttpContext).WithHeld(comment));
        }
        var what = _reply ? "reply" : "comment";
        return Done(state, comment.IsHeld
            ? $"Your {what} is held for review: an editor reads it before other readers can see it."
            : $"Thank you: your {what} is published.", $"comment-{comment.Id}");
    }
}
