using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Shared;

namespace Nojor.Web.Pages.Places;

/// <summary>
/// The reports about a place: a country, a region in it, or a district in that region, newest first. A place no
/// published report is about has no page.
/// </summary>
[PublicPage]
public sealed class PlaceModel(ArticleApi articles) : ArticleListPageModel
{
    /// <summary>The article service's longest place name.</summary>
    private const int MaxNameLength = 100;

    /// <summary>The levels named in the address, widest first: country, then region, then district.</summary>
    public IReadOnlyList<string> Levels { get; private set; } = [];

    /// <summary>The place the page is about: its narrowest level.</summary>
    public string Name => Levels[^1];

    public override string ListPath => PathOf(Levels.Count);

    /// <summary>The address of the first <paramref name="depth"/> levels (the breadcrumb's links).</summary>
    public string PathOf(int depth) => "/places/" + string.Join('/', Levels.Take(depth).Select(Uri.EscapeDataString));

    public async Task<IActionResult> OnGetAsync(string country, string? region, string? district, CancellationToken cancellationToken)
    {
        Levels = [.. new[] { country, region, district }.TakeWhile(level => level is not null).Select(level => level!.Trim())];
        if (Levels.Any(level => level.Length is 0 or > MaxNameLength))
        {
            return NotFound();
        }
        // The service matches one name at any level; the wider levels of the address narrow its answer down here, so a
        // district name that recurs in another country does not bring that country's reports.
        if (await LoadReportsAsync(articles, new ArticleQuery(Place: Name), cancellationToken) is { } refused)
        {
            return refused;
        }
        Reports = Reports with { Items = [.. Reports.Items.Where(report => report.Places.Any(IsWithin))] };
        return Cursor is null && Reports.Items.Count == 0 ? NotFound() : Page();
    }

    private bool IsWithin(Place place)
    {
        string?[] names = [place.Country, place.Region, place.District];
        return Levels.Select((level, depth) => SameName(level, names[depth])).All(same => same);
    }

    /// <summary>Names compare as the service compares them: ignoring case and accents ("Nordland" is "nordland").</summary>
    private static bool SameName(string a, string? b) =>
        b is not null && string.Compare(a, b, CultureInfo.InvariantCulture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) == 0;
}
