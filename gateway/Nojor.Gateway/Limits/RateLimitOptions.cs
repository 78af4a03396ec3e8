using System.ComponentModel.DataAnnotations;

namespace Nojor.Gateway.Limits;

/// <summary>Request budgets per client (its token's subject when signed in, its IP address otherwise).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    /// <summary>GET and HEAD anywhere.</summary>
    [Required]
    public Budget Read { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Other methods outside <c>/api/feedback</c>.</summary>
    [Required]
    public Budget Write { get; set; } = new() { PermitLimit = 60 };

    /// <summary>Writes under <c>/api/feedback</c>: anonymous, so kept apart and tight against spam.</summary>
    [Required]
    public Budget Feedback { get; set; } = new() { PermitLimit = 10 };

    public sealed class Budget
    {
        [Range(1, int.MaxValue)]
        public int PermitLimit { get; set; }

        [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    }
}
