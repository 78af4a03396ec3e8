namespace Nojor.Articles.Articles;

/// <summary>Where a report stands in the editorial workflow.</summary>
public enum ArticleStatus
{
    Draft,
    Scheduled,
    Published,
    Retracted,
}
