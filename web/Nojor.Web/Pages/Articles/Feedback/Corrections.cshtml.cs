using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Readers;
using Fields = Nojor.Web.Pages.Articles.Feedback.FeedbackFormState.Fields;

namespace Nojor.Web.Pages.Articles.Feedback;

/// <summary>Asks the editors to correct a passage: the passage quoted, the suggested fix, and optionally a source.</summary>
public sealed class CorrectionsModel(ArticleApi articles, ArticleFeedbackApi feedback, ReaderSession reader) : FeedbackPostModel(articles, reader)
{
    public override string Heading => "Your correction request was not sent";

    public async Task<IActionResult> OnPostAsync([FromForm(Name = Fields.QuotedPassage)] string? quotedPassage,
        [FromForm(Name = Fields.SuggestedFix)] string? suggestedFix, [FromForm(Name = Fields.SourceUrl)] string? sourceUrl,
        CancellationToken cancellationToken)
    {
        if (!await FindArticleAsync(cancellationToken))
        {
            return NotFound();
        }
        quotedPassage = Normalise(quotedPassage);
        suggestedFix = Normalise(suggestedFix);
        sourceUrl = string.IsNullOrWhiteSpace(sourceUrl) ? null : sourceUrl.Trim();
        var state = new FeedbackFormState(FeedbackForm.Correction)
        {
            Values = { [Fields.QuotedPassage] = quotedPassage, [Fields.SuggestedFix] = suggestedFix, [Fields.SourceUrl] = sourceUrl },
        };
        if (CheckText(quotedPassage, FeedbackLimits.PassageMaxLength, "Quote the passage you think is wrong.", "The quoted passage") is { } passage)
        {
            state.Errors[Fields.QuotedPassage] = passage;
        }
        if (CheckText(suggestedFix, FeedbackLimits.PassageMaxLength, "Say what the passage should say.", "Your suggested fix") is { } fix)
        {
            state.Errors[Fields.SuggestedFix] = fix;
        }
        if (sourceUrl is not null && !IsWebAddress(sourceUrl))
        {
            state.Errors[Fields.SourceUrl] = "Give the source as a web address starting with http:// or https://.";
        }
        if (state.Errors.Count > 0)
        {
            return Invalid(state);
        }
        if (await EnsureReaderAsync(state, cancellationToken) is { } refused)
        {
            return refused;
        }
        var sent = await feedback.RequestCorrectionAsync(Article.Id, quotedPassage!, suggestedFix!, sourceUrl, Reader.Authorize, cancellationToken);
        if (!sent.Succeeded)
        {
            return Refuse(state, sent.Problem!);
        }
        return Done(state, "Thank you: your correction request reached the editors. They check every one.");
    }

    private static bool IsWebAddress(string value) =>
        value.Length <= FeedbackLimits.SourceUrlMaxLength && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
