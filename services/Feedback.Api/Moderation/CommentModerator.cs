using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Nojor.Feedback.Moderation;

/// <summary>What the reader has posted lately, as the filter needs it.</summary>
public sealed record ReaderHistory(int CommentsInRateWindow, IReadOnlyCollection<string> RecentTexts)
{
    public static readonly ReaderHistory Empty = new(0, []);
}

public static class HoldReasons
{
    public const string Links = "links";
    public const string BannedWords = "banned_words";
    public const string RepeatedText = "repeated_text";
    public const string PostingRate = "posting_rate";
}

/// <summary>The automatic filter every new or edited comment passes; what fails is held for the editors.</summary>
public sealed partial class CommentModerator
{
    private readonly ModerationOptions _options;
    private readonly Regex? _bannedWords;

    public CommentModerator(IOptions<ModerationOptions> options)
    {
        _options = options.Value;
        var words = _options.BannedWords.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => Regex.Escape(w.Trim())).ToList();
        _bannedWords = words.Count == 0
            ? null
            : new Regex($@"\b(?:{string.Join('|', words)})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>The reasons to hold the comment; empty means it may be published.</summary>
    public IReadOnlyList<string> Check(string text, ReaderHistory history)
    {
        var reasons = new List<string>();
        if (Link().Count(text) > _options.MaxLinks)
        {
            reasons.Add(HoldReasons.Links);
        }
        if (_bannedWords?.IsMatch(text) == true)
        {
            reasons.Add(HoldReasons.BannedWords);
        }
        var normalised = Normalise(text);
        if (history.RecentTexts.Any(t => Normalise(t) == normalised) || LongestRun(text) > _options.MaxCharacterRun)
        {
            reasons.Add(HoldReasons.RepeatedText);
        }
        if (history.CommentsInRateWindow >= _options.MaxCommentsPerWindow)
        {
            reasons.Add(HoldReasons.PostingRate);
        }
        return reasons;
    }

    private static string Normalise(string text) => Whitespace().Replace(text.Trim(), " ").ToUpperInvariant();

    private static int LongestRun(string text)
    {
        var longest = 0;
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            run = i > 0 && text[i] == text[i - 1] && !char.IsWhiteSpace(text[i]) ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
