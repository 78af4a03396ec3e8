namespace Nojor.Articles.Articles;

/// <summary>What kind of rule a refused change broke, so the edge can answer with the right status.</summary>
public enum ArticleRuleKind
{
    /// <summary>The report's state does not allow the change (a retracted report cannot be edited).</summary>
    State,

    /// <summary>A value the change asks for is not allowed (a publication time in the past).</summary>
    Value,
}

/// <summary>
/// A change a report's rules refuse. Thrown before anything is changed, so the report is as it was; the message is
/// written for the editor and names what to do instead.
/// </summary>
public sealed class ArticleRuleException(ArticleRuleKind kind, string message) : Exception(message)
{
    public ArticleRuleKind Kind { get; } = kind;
}
