namespace Nojor.Articles.Articles;

internal static class CreateArticleValidator
{
    public const int BodyMaxLength = 256 * 1024;
    public const int MaxTags = 20;
    public const string DefaultSection = "news";

    public static Dictionary<string, string[]> Validate(CreateArticleRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Headline))
        {
            errors["headline"] = ["A headline is required."];
        }
        else if (request.Headline.Trim().Length > Article.HeadlineMaxLength)
        {
            errors["headline"] = [$"A headline has at most {Article.HeadlineMaxLength} characters."];
        }
        if (request.Summary is { Length: > Article.SummaryMaxLength })
        {
            errors["summary"] = [$"A summary has at most {Article.SummaryMaxLength} characters."];
        }
        if (request.Urgency is < Article.MinUrgency or > Article.MaxUrgency)
        {
            errors["urgency"] = [$"Urgency runs from {Article.MinUrgency} (flash) to {Article.MaxUrgency}."];
        }
        if (request.Tags is { Count: > MaxTags })
        {
            errors["tags"] = [$"A report has at most {MaxTags} tags."];
        }
        else if (request.Tags?.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 64) == true)
        {
            errors["tags"] = ["Tags are non-empty and at most 64 characters."];
        }
        return errors;
    }
}
