namespace Nojor.Gateway.Proxy;

/// <summary>
/// Switch between the tuned hot path and the untuned one it was measured against (bench/gateway/run.sh runs both).
/// </summary>
public sealed class PerformanceOptions
{
    public const string SectionName = "Gateway:Performance";

    /// <summary><c>tuned</c> (default) or <c>baseline</c>: the configuration the gateway started with.</summary>
    public string Mode { get; set; } = "tuned";

    public bool Tuned => !string.Equals(Mode, "baseline", StringComparison.OrdinalIgnoreCase);
}
