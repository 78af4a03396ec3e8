using Microsoft.Extensions.Options;
using Nojor.Feedback.Moderation;

namespace Nojor.UnitTests.Feedback;

public sealed class CommentModeratorTests
{
    private readonly CommentModerator _moderator = new(Options.Create(new ModerationOptions
    {
        MaxLinks = 1,
        BannedWords = ["scam", "rip-off"],
        MaxCommentsPerWindow = 3,
        MaxCharacterRun = 5,
    }));

    [Fact]
    public void A_plain_comment_passes() =>
        Assert.Empty(_moderator.Check("A fair account of the vote, see https://example.org for the figures.", ReaderHistory.Empty));

    [Theory]
    [InlineData("Two links: http://a.example and www.b.example", HoldReasons.Links)]
    [InlineData("This is a SCAM.", HoldReasons.BannedWords)]
    [InlineData("What a rip-off", HoldReasons.BannedWords)]
    [InlineData("Wowwwwww", HoldReasons.RepeatedText)]
    public void Content_that_breaks_a_rule_is_held_for_that_rule(string text, string reason) =>
        Assert.Equal([reason], _moderator.Check(text, ReaderHistory.Empty));

    [Fact]
    public void Banned_words_match_whole_words_only() =>
        Assert.Empty(_moderator.Check("The scampi at the harbour festival sold out.", ReaderHistory.Empty));

    [Fact]
    public void Repeating_an_earlier_comment_is_held_ignoring_case_and_spacing() =>
        Assert.Equal([HoldReasons.RepeatedText], _moderator.Check("Great   REPORT ", new ReaderHistory(1, ["great report"])));

    [Fact]
    public void Posting_beyond_the_rate_is_held()
    {
        Assert.Empty(_moderator.Check("Third remark", new ReaderHistory(2, [])));
        Assert.Equal([HoldReasons.PostingRate], _moderator.Check("Fourth remark", new ReaderHistory(3, [])));
    }

    [Fact]
    public void Several_failures_are_all_reported() =>
        Assert.Equal([HoldReasons.Links, HoldReasons.BannedWords, HoldReasons.PostingRate],
            _moderator.Check("scam http://a.example http://b.example", new ReaderHistory(10, [])));
}
