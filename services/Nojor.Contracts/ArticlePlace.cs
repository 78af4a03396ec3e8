namespace Nojor.Contracts;

/// <summary>Where a report is about: a country and, when known, a region and a district or town.</summary>
public sealed record ArticlePlace(string Country, string? Region = null, string? District = null);
