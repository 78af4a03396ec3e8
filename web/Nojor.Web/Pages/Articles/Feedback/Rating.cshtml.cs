using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Readers;
using Fields = Nojor.Web.Pages.Articles.Feedback.FeedbackFormState.Fields;

namespace Nojor.Web.Pages.Articles.Feedback;

/// <summary>Rates a report 1 to 5; rating again replaces the reader's earlier rating.</summary>
public sealed class RatingModel(ArticleApi articles, ArticleFeedbackApi feedback, ReaderSession reader) : FeedbackPostModel(articles, reader)
{
    public override string Heading => "Your rating was not saved";

    public async Task<IActionResult> OnPostAsync([FromForm(Name = Fields.Value)] string? value, CancellationToken cancellationToken)
    {
        if (!await FindArticleAsync(cancellationToken))
        {
            return NotFound();
        }
        var state = new FeedbackFormState(FeedbackForm.Rating) { Values = { [Fields.Value] = value } };
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rating)
            || rating is < FeedbackLimits.RatingMin or > FeedbackLimits.RatingMax)
        {
            state.Errors[Fields.Value] = "Choose a rating from 1 to 5.";
            return Invalid(state);
        }
        if (await EnsureReaderAsync(state, cancellationToken) is { } refused)
        {
            return refused;
        }
        var saved = await feedback.RateAsync(Article.Id, rating, Reader.Authorize, cancellationToken);
        if (!saved.Succeeded)
        {
            return Refuse(state, saved.Problem!);
        }
        MyFeedback.Write(HttpContext, MyFeedback.Read(HttpContext).WithRating(Article.Id, rating));
        return Done(state, string.Create(CultureInfo.InvariantCulture, $"Thank you: you rated this report {rating} out of 5."));
    }
}
