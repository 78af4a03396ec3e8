using System.Text.RegularExpressions;

namespace Nojor.Feedback.Http;

/// <summary>
/// The wire spelling of our enums: snake_case names (<c>not_helpful</c>), never numbers, so a client cannot
/// send <c>"7"</c> and get a value nobody defined.
/// </summary>
internal static partial class EnumNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => ToSnake(value.ToString());

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of);

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static string ToSnake(string name) => UpperAfterLower().Replace(name, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex UpperAfterLower();
}
