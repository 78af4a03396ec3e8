using Nojor.Web.Api;

namespace Nojor.Web.Pages.Articles.Feedback;

public enum FeedbackForm
{
    Rating,
    Reaction,
    Comment,
    Reply,
    Correction,
}

/// <summary>
/// How one feedback form the reader just sent went: the values they sent (kept when it was refused, so nothing they
/// wrote is lost), the message for each field, a message for the whole form, or the confirmation. The feedback
/// component shows it beside that form, whether it renders in the report page, the refusal page or a script's fragment.
/// </summary>
public sealed class FeedbackFormState(FeedbackForm form, Guid? parentId = null)
{
    internal const string ItemsKey = "nojor.feedback.state";
    internal const string TempDataForm = "feedback.form";
    internal const string TempDataMessage = "feedback.message";

    public FeedbackForm Form { get; } = form;

    /// <summary>The comment a reply answers; null for every other form.</summary>
    public Guid? ParentId { get; } = form == FeedbackForm.Reply ? parentId : null;

    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A message about the whole form: why it was refused, or the confirmation.</summary>
    public string? Message { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>The comment just sent, with its full text (the reader's own record keeps an excerpt).</summary>
    public PostedComment? Posted { get; set; }

    public bool IsFor(FeedbackForm form, Guid? parentId = null) => Form == form && ParentId == parentId;

    public string? Value(string field) => Succeeded ? null : Values.GetValueOrDefault(field);

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public string FormId => FormIdOf(Form, ParentId);

    public static string FormIdOf(FeedbackForm form, Guid? parentId = null) => form switch
    {
        FeedbackForm.Rating => "rating-form",
        FeedbackForm.Reaction => "reaction-form",
        FeedbackForm.Comment => "comment-form",
        FeedbackForm.Reply => $"reply-form-{parentId:N}",
        _ => "correction-form",
    };

    /// <summary>The id of the control a field's message belongs to, which the error summary links to.</summary>
    public string FieldId(string field) => (Form, field) switch
    {
        (FeedbackForm.Rating, _) => "rating-value-1",
        (FeedbackForm.Reaction, _) => "reaction-helpful",
        (FeedbackForm.Comment, _) => "comment-text",
        (FeedbackForm.Reply, _) => $"reply-text-{ParentId:N}",
        (_, Fields.SuggestedFix) => "correction-fix",
        (_, Fields.SourceUrl) => "correction-source",
        _ => "correction-passage",
    };

    /// <summary>What survives the redirect after a plain post (TempData): which form, and its confirmation.</summary>
    public string Key => Form == FeedbackForm.Reply ? $"reply:{ParentId:N}" : Form.ToString().ToLowerInvariant();

    public static FeedbackFormState? Confirmation(string? key, string? message)
    {
        if (key is null || message is null)
        {
            return null;
        }
        FeedbackFormState? state = key switch
        {
            "rating" => new(FeedbackForm.Rating),
            "reaction" => new(FeedbackForm.Reaction),
            "comment" => new(FeedbackForm.Comment),
            "correction" => new(FeedbackForm.Correction),
            _ when key.StartsWith("reply:", StringComparison.Ordinal) && Guid.TryParseExact(key[6..], "N", out var parent) =>
                new(FeedbackForm.Reply, parent),
            _ => null,
        };
        if (state is not null)
        {
            state.Succeeded = true;
            state.Message = message;
        }
        return state;
    }

    /// <summary>The form fields' names, which are also the feedback service's field names.</summary>
    public static class Fields
    {
        public const string Value = "value";
        public const string Kind = "kind";
        public const string Text = "text";
        public const string ParentId = "parentId";
        public const string QuotedPassage = "quotedPassage";
        public const string SuggestedFix = "suggestedFix";
        public const string SourceUrl = "sourceUrl";
    }
}
