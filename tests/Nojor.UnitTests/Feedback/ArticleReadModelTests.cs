using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Data;

namespace Nojor.UnitTests.Feedback;

public sealed class ArticleReadModelTests : IDisposable
{
    private static readonly DateTimeOffset Published = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private readonly FeedbackDbContext _db = new(new DbContextOptionsBuilder<FeedbackDbContext>()
        .UseInMemoryDatabase(Guid.NewGuid().ToString()).Options);
    private readonly Guid _id = Guid.NewGuid();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task An_older_version_arriving_late_changes_nothing_but_the_publication_time()
    {
        await Revise("new-slug", "Updated headline", 3, Published.AddHours(2));
        await Revise("old-slug", "First headline", 1, Published);

        var article = await _db.KnownArticles.SingleAsync();
        Assert.Equal((3, "new-slug", "Updated headline", Published), (article.Version, article.Slug, article.Headline, article.PublishedAt));
    }

    [Fact]
    public async Task A_retraction_is_final_in_any_order()
    {
        await ArticleReadModel.ApplyRetractionAsync(_db, _id, "slug", "Headline", 2, "Wrong figures", Published.AddDays(1), default);
        await _db.SaveChangesAsync();
        await Revise("slug", "Headline", 1, Published);
        await Revise("slug", "Headline again", 4, Published.AddDays(2));

        var lookup = await ArticleReadModel.FindOpenAsync(_db, _id, default);
        Assert.Null(lookup.Article);
        Assert.Equal(409, lookup.Problem!.StatusCode);
        Assert.Equal(4, (await _db.KnownArticles.SingleAsync()).Version);
    }

    [Fact]
    public async Task An_unknown_article_is_404()
    {
        var lookup = await ArticleReadModel.FindOpenAsync(_db, Guid.NewGuid(), default);
        Assert.Equal(404, lookup.Problem!.StatusCode);
    }

    private async Task Revise(string slug, string headline, int version, DateTimeOffset at)
    {
        await ArticleReadModel.ApplyRevisionAsync(_db, _id, slug, headline, version, at, default);
        await _db.SaveChangesAsync();
    }
}
