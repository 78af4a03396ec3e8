namespace Nojor.Articles.Search;

/// <summary>
/// Transliteration variants anywhere in a report: wire copy spells one Tajik district "Shamsiddin Shokhin" and
/// "Shamsiddin Shohin", one border crossing "Torkham" and "Torkhum". Each word gets a spelling key that forgets
/// what transliteration schemes disagree on, and a word the reader typed finds the reports holding a word with the
/// same key.
/// </summary>
/// <remarks>
/// <para>
/// The key is computed in PostgreSQL by <c>nojor_variant_key(word)</c> (created by the <c>SpellingVariantKeys</c>
/// migration), so the report's words (the generated <see cref="KeysColumn"/> column) and the reader's term are keyed
/// by one and the same function. Words are first folded by the <c>nojor</c> text search configuration (lowercase,
/// no accents), then: q→k, x→h, w→v; dzh/zh/dj→j, tch→ch, kh→h, gh→g, ph→f; doubled consonants once; every run of
/// vowels (a e i o u y) becomes one "a". Words with digits keep themselves as key, so "1000" never finds "100".
/// </para>
/// <para>
/// Keys are coarse on purpose ("police" and "palace" share one), so a variant must also look like the term:
/// trigram similarity of at least <see cref="MinSimilarity"/> between the term and the report's word (Shokhin and
/// Shohin: 0.5; police and palace: 0.17), and only terms of <see cref="MinTermLength"/> letters or more take
/// variants. Reports matching every term as typed always rank above reports found through a variant.
/// </para>
/// </remarks>
public static class SpellingVariants
{
    /// <summary>The generated <c>text[]</c> column of the keys of every word of a report (GIN-indexed).</summary>
    public const string KeysColumn = "VariantKeys";

    /// <summary>The column's expression: the keys of the headline, summary, body and place names.</summary>
    public const string KeysColumnSql =
        "public.nojor_variant_keys(\"Headline\" || ' ' || coalesce(\"Summary\", '') || ' ' || \"BodyText\" || ' ' || \"PlaceText\")";

    public const int MinTermLength = 4;

    public const double MinSimilarity = 0.3;
}
