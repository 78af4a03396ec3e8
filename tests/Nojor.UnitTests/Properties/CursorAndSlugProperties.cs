using CsCheck;
using Nojor.Articles.Articles;
using Nojor.Articles.Reading;

namespace Nojor.UnitTests.Properties;

public sealed class CursorAndSlugProperties
{
    private static readonly Gen<ArticleCursor> Cursors =
        from ticks in Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks]
        from offsetMinutes in Gen.Int[-14 * 60, 14 * 60]
        from id in Gen.Guid
        select new ArticleCursor(new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)), id);

    [Fact]
    public void Every_cursor_decodes_to_the_same_position_it_was_encoded_from() =>
        Cursors.Sample(cursor =>
        {
            Assert.True(ArticleCursor.TryDecode(cursor.Encode(), out var decoded));
            Assert.Equal(cursor.PublishedAt.UtcTicks, decoded.PublishedAt.UtcTicks);
            Assert.Equal(cursor.Id, decoded.Id);
        });

    [Fact]
    public void An_encoded_cursor_is_url_safe_text_that_needs_no_escaping() =>
        Cursors.Sample(cursor => Assert.Equal(cursor.Encode(), Uri.EscapeDataString(cursor.Encode())));

    [Fact]
    public void Arbitrary_text_either_fails_to_decode_or_decodes_to_a_cursor_that_encodes_back_to_it() =>
        Gen.Frequency((1, Generators.AnyText), (1, Gen.String["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"]))
            .Sample(text =>
            {
                // Never throws, and a cursor is accepted only in its one canonical spelling: the model is "decode is encode's inverse".
                if (ArticleCursor.TryDecode(text, out var cursor))
                {
                    Assert.Equal(text, cursor.Encode());
                }
            });

    [Fact]
    public void Changing_any_character_of_a_cursor_never_decodes_to_the_same_position() =>
        Gen.Select(Cursors, Gen.Int[0, 31], Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_!%."]).Sample((cursor, at, replacement) =>
        {
            var encoded = cursor.Encode();
            var index = at % encoded.Length;
            if (encoded[index] == replacement)
            {
                return;
            }
            var tampered = string.Concat(encoded.AsSpan(0, index), replacement.ToString(), encoded.AsSpan(index + 1));
            if (ArticleCursor.TryDecode(tampered, out var decoded))
            {
                Assert.NotEqual((cursor.PublishedAt.UtcTicks, cursor.Id), (decoded.PublishedAt.UtcTicks, decoded.Id));
            }
        });

    [Fact]
    public void A_slug_is_lowercase_ascii_words_joined_by_single_hyphens_within_the_length_limit() =>
        Gen.Select(Gen.Frequency((3, Generators.TrickyText), (1, Generators.AnyText), (1, Generators.Word.Array[1, 40].Select(w => string.Join(' ', w)))),
            Gen.Int[1, 130]).Sample((headline, maxLength) =>
        {
            var slug = SlugGenerator.FromHeadline(headline, maxLength);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", slug);
            Assert.True(slug.Length <= Math.Max(maxLength, "report".Length), $"{slug.Length} > {maxLength}: {slug}");
        });

    [Fact]
    public void A_slug_keeps_the_headline_s_ascii_words_in_order_up_to_the_limit() =>
        Generators.Word.Array[1, 12].Sample(words =>
        {
            // The model: lowercase the words and join them with hyphens; whatever separates them in the headline is irrelevant.
            var headline = string.Join(" – ", words);
            var expected = string.Join('-', words).ToLowerInvariant();
            Assert.Equal(expected.Length <= Article.SlugMaxLength ? expected : expected[..Article.SlugMaxLength].TrimEnd('-'),
                SlugGenerator.FromHeadline(headline));
        });

    [Fact]
    public void A_slug_is_its_own_slug() =>
        Generators.TrickyText.Sample(headline =>
        {
            var slug = SlugGenerator.FromHeadline(headline);
            Assert.Equal(slug, SlugGenerator.FromHeadline(slug));
        });

    [Fact]
    public void A_numbered_slug_is_a_slug_within_the_limit_that_ends_in_its_number_and_keeps_what_fits_of_the_first() =>
        Gen.Select(Generators.TrickyText, Gen.Int[2, 100_000]).Sample((headline, number) =>
        {
            var slug = SlugGenerator.FromHeadline(headline);
            var numbered = SlugGenerator.Numbered(slug, number);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", numbered);
            Assert.True(numbered.Length <= Article.SlugMaxLength, $"{numbered.Length}: {numbered}");
            Assert.EndsWith($"-{number}", numbered, StringComparison.Ordinal);
            Assert.StartsWith(numbered[..^$"-{number}".Length], slug, StringComparison.Ordinal);
        });
}
