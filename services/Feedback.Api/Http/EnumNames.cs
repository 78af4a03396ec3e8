using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Nojor.Feedback.Http;

/// <summary>
/// The wire spelling of our enums: snake_case names (<c>not_helpful</c>), never numbers, so a client cannot
/// send <c>"7"</c> and get a value nobody defined. The names are worked out once per enum type, not per request.
/// </summary>
internal static partial class EnumNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var name) ? name : ToSnake(value.ToString());

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Names<TEnum>.InOrder;

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        if (text is not null && Names<TEnum>.ByName.TryGetValue(text.Trim(), out value))
        {
            return true;
        }
        value = default;
        return false;
    }

    private static string ToSnake(string name) => UpperAfterLower().Replace(name, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex UpperAfterLower();

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly string[] InOrder = [.. Enum.GetValues<TEnum>().Select(v => ToSnake(v.ToString()))];

        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Zip(InOrder).ToFrozenDictionary(pair => pair.First, pair => pair.Second);

        // Case-insensitive, as clients have always been allowed to send "Idea" or "IDEA".
        public static readonly FrozenDictionary<string, TEnum> ByName =
            ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);
    }
}
