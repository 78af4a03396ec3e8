using CsCheck;

namespace Nojor.UnitTests.Properties;

/// <summary>Inputs a hostile or careless client could send, shared by the property tests.</summary>
internal static class Generators
{
    /// <summary>Text of any UTF-16 code units: control characters, lone surrogates and combining marks included.</summary>
    public static readonly Gen<string> AnyText = Gen.Char.Array[0, 40].Select(chars => new string(chars));

    /// <summary>Text biased towards the characters that mean something to a parser (quotes, separators, operators, accents).</summary>
    public static readonly Gen<string> TrickyText = Gen.Frequency(
        (3, Gen.Char["aZ09 ,;\"'\r\n\t=+-@|&!:*()<>\\%é\u0301\u00A0\u200B\u0000\uD83D\uDE00"]),
        (1, Gen.Char)).Array[0, 30].Select(chars => new string(chars));

    public static readonly Gen<string> Word =
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[1, 11].Select(chars => new string(chars));
}
