namespace Nojor.Articles.Articles;

/// <summary>A place a report is about: a country and, when known, a region (province) and a district or town.</summary>
public sealed class Place
{
    public const int NameMaxLength = 100;

    public required string Country { get; init; }

    public string? Region { get; init; }

    public string? District { get; init; }

    public IEnumerable<string> Names()
    {
        yield return Country;
        if (Region is not null)
        {
            yield return Region;
        }
        if (District is not null)
        {
            yield return District;
        }
    }
}
