using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Readers;
using Fields = Nojor.Web.Pages.Articles.Feedback.FeedbackFormState.Fields;

namespace Nojor.Web.Pages.Articles.Feedback;

/// <summary>
/// Says whether a report helped. The reader's current reaction is a pressed toggle whose value is <see cref="Withdraw"/>:
/// pressing it again takes the reaction back.
/// </summary>
public sealed class ReactionModel(ArticleApi articles, ArticleFeedbackApi feedback, ReaderSession reader) : FeedbackPostModel(articles, reader)
{
    public const string Withdraw = "none";

    public override string Heading => "Your reaction was not saved";

    public async Task<IActionResult> OnPostAsync([FromForm(Name = Fields.Kind)] string? kind, CancellationToken cancellationToken)
    {
        if (!await FindArticleAsync(cancellationToken))
        {
            return NotFound();
        }
        var state = new FeedbackFormState(FeedbackForm.Reaction) { Values = { [Fields.Kind] = kind } };
        if (kind != Withdraw && !ReactionKinds.IsKnown(kind))
        {
            state.Errors[Fields.Kind] = "Choose helpful or not helpful.";
            return Invalid(state);
        }
        if (await EnsureReaderAsync(state, cancellationToken) is { } refused)
        {
            return refused;
        }
        var problem = kind == Withdraw
            ? (await feedback.WithdrawReactionAsync(Article.Id, Reader.Authorize, cancellationToken)).Problem
            : (await feedback.ReactAsync(Article.Id, kind!, Reader.Authorize, cancellationToken)).Problem;
        if (problem is not null)
        {
            return Refuse(state, problem);
        }
        var reaction = kind == Withdraw ? null : kind;
        MyFeedback.Write(HttpContext, MyFeedback.Read(HttpContext).WithReaction(Article.Id, reaction));
        return Done(state, reaction switch
        {
            ReactionKinds.Helpful => "Thank you: you found this report helpful.",
            ReactionKinds.NotHelpful => "Thank you: you found this report not helpful.",
            _ => "Your reaction is taken back.",
        });
    }
}
