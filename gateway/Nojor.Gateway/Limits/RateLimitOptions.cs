using System.ComponentModel.DataAnnotations;

namespace Nojor.Gateway.Limits;

/// <summary>
/// Request budgets. A signed-in caller (an editor) is counted by its token's subject; anonymous readers by their reader
/// token where one is sent, and otherwise by their address. Cached answers are not budgeted at all: the output cache
/// answers them before the limiter, so thousands of readers behind one address can read a breaking report.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    /// <summary>GET and HEAD the cache could not answer (report lists, feeds, stories, pages, uncached reports), per client.</summary>
    [Required]
    public Budget Read { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Full-text search (<c>/api/search</c>, the web app's <c>/search</c>), the costliest read, per client.</summary>
    [Required]
    public Budget Search { get; set; } = new() { PermitLimit = 60 };

    /// <summary>Other methods outside <c>/api/feedback</c> and the reader web app (subscriptions, editors' writes), per client.</summary>
    [Required]
    public Budget Write { get; set; } = new() { PermitLimit = 60 };

    /// <summary>
    /// Readers' writes (under <c>/api/feedback</c>, and form posts to the reader web app) per reader token, so readers
    /// behind one address each have their own; a request without a token is counted by its address.
    /// </summary>
    [Required]
    public Budget Feedback { get; set; } = new() { PermitLimit = 10 };

    /// <summary>
    /// The ceiling on readers' writes from one address, whatever tokens they carry: made-up tokens get a fresh
    /// <see cref="Feedback"/> budget each, never more than this.
    /// </summary>
    [Required]
    public Budget FeedbackPerAddress { get; set; } = new() { PermitLimit = 300 };

    /// <summary>Reader tokens issued (<c>POST /api/feedback/readers</c>) per address: a reader needs one, a bot minting budgets many.</summary>
    [Required]
    public Budget ReaderTokens { get; set; } = new() { PermitLimit = 30 };

    public sealed class Budget
    {
        [Range(1, int.MaxValue)]
        public int PermitLimit { get; set; }

        [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    }
}
