using System.Text;
using System.Text.RegularExpressions;
using Nojor.Articles.Articles;
using Nojor.Articles.Stories;

namespace Nojor.Articles.Editorial;

/// <summary>Checks an editor's input field by field; every problem is reported at once, keyed by field.</summary>
internal static partial class ArticleValidator
{
    public const int MaxTags = 20;
    public const int TagMaxLength = 64;
    public const int MaxPlaces = 10;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugShape();

    public static Dictionary<string, string[]> Validate(IArticleContent content, ArticleOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(content.Headline))
        {
            errors["headline"] = ["A headline is required."];
        }
        else if (content.Headline.Trim().Length > Article.HeadlineMaxLength)
        {
            errors["headline"] = [$"A headline has at most {Article.HeadlineMaxLength} characters."];
        }
        ValidateText(errors, content.Summary, "summary", Article.SummaryMaxLength);
        ValidateText(errors, content.Dateline, "dateline", Article.DatelineMaxLength);
        ValidateText(errors, content.Byline, "byline", Article.BylineMaxLength);
        ValidateText(errors, content.Story, "story", Story.TitleMaxLength);
        if (!string.IsNullOrWhiteSpace(content.Section) && !options.IsKnownSection(content.Section.Trim()))
        {
            errors["section"] = [$"Unknown section '{content.Section}'. Known sections: {string.Join(", ", options.Sections)}."];
        }
        if (content.Urgency is < Article.MinUrgency or > Article.MaxUrgency)
        {
            errors["urgency"] = [$"Urgency runs from {Article.MinUrgency} (flash) to {Article.MaxUrgency}."];
        }
        if (content.Language is not null && !LanguageTags.TryNormalize(content.Language, out _))
        {
            errors["language"] = [$"'{content.Language}' is not a known BCP 47 language tag (e.g. en, en-GB, ps-AF)."];
        }
        if (content.Tags is { Count: > MaxTags })
        {
            errors["tags"] = [$"A report has at most {MaxTags} tags."];
        }
        else if (content.Tags?.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > TagMaxLength) == true)
        {
            errors["tags"] = [$"Tags are non-empty and at most {TagMaxLength} characters."];
        }
        ValidatePlaces(errors, content.Places);
        return errors;
    }

    public static void ValidateSlug(Dictionary<string, string[]> errors, string? slug)
    {
        if (slug is not null && (slug.Length > Article.SlugMaxLength || !SlugShape().IsMatch(slug)))
        {
            errors["slug"] = [$"A slug is lowercase letters and digits joined by single hyphens, at most {Article.SlugMaxLength} characters."];
        }
    }

    /// <summary>The body limit is in UTF-8 bytes, the same unit as the request size limit.</summary>
    public static bool BodyTooLarge(string? body) => body is not null && Encoding.UTF8.GetByteCount(body) > Article.BodyMaxBytes;

    private static void ValidateText(Dictionary<string, string[]> errors, string? value, string field, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength)
        {
            errors[field] = [$"{field} has at most {maxLength} characters."];
        }
    }

    private static void ValidatePlaces(Dictionary<string, string[]> errors, IReadOnlyList<PlaceInput>? places)
    {
        if (places is null)
        {
            return;
        }
        if (places.Count > MaxPlaces)
        {
            errors["places"] = [$"A report names at most {MaxPlaces} places."];
            return;
        }
        static bool TooLong(string? name) => name is not null && name.Trim().Length > Place.NameMaxLength;
        if (places.Any(p => p is null || string.IsNullOrWhiteSpace(p.Country) || TooLong(p.Country) || TooLong(p.Region) || TooLong(p.District)))
        {
            errors["places"] = [$"Every place needs a country; names have at most {Place.NameMaxLength} characters."];
        }
    }
}
