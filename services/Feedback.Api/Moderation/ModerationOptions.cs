using System.ComponentModel.DataAnnotations;

namespace Nojor.Feedback.Moderation;

public sealed class ModerationOptions
{
    public const string SectionName = "Feedback:Moderation";

    /// <summary>More links than this holds a comment.</summary>
    [Range(0, 100)]
    public int MaxLinks { get; set; } = 2;

    /// <summary>Whole words (case-insensitive) that hold a comment.</summary>
    public List<string> BannedWords { get; set; } = [];

    /// <summary>A reader's comments within <see cref="RateWindow"/> beyond this count are held.</summary>
    [Range(1, 10_000)]
    public int MaxCommentsPerWindow { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back a reader's identical earlier comment makes a new one a repeat.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A run of the same character longer than this (e.g. "!!!!!!!...") counts as repeated text.</summary>
    [Range(3, 1000)]
    public int MaxCharacterRun { get; set; } = 20;
}
