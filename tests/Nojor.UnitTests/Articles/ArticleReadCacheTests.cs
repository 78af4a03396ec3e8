using System.Text;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Articles.Caching;
using Nojor.Contracts;
using Nojor.ReadCache;

namespace Nojor.UnitTests.Articles;

/// <summary>
/// The article service's one cache tier (this instance's memory) and the one channel that tells it of changes (the
/// article events, here on MassTransit's in-memory harness).
/// </summary>
public sealed class ArticleReadCacheTests : IAsyncLifetime
{
    private const string Slug = "harbour-light-returns";
    private const string Headline = "Harbour light returns";
    private const string Url = "https://nojor.example/articles/harbour-light-returns";
    private ServiceProvider services = null!;
    private ITestHarness harness = null!;
    private int loads;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection()
            .AddLogging()
            .AddHybridCache().Services
            .AddSingleton<ArticleCache>()
            .AddMassTransitTestHarness(bus => bus.AddArticleEventQueue<ArticleCache>("article-cache-"))
            .BuildServiceProvider(validateScopes: true);
        harness = services.GetTestHarness();
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await services.DisposeAsync();
    }

    private ArticleCache Cache => services.GetRequiredService<ArticleCache>();

    [Fact]
    public async Task A_report_read_twice_is_loaded_once_while_article_events_are_heard()
    {
        await WaitUntilListeningAsync();

        await ReadAsync();
        await ReadAsync();

        Assert.Equal(1, loads);
        Assert.NotNull(await Cache.GetLocalArticleAsync(Slug, CancellationToken.None));
    }

    [Theory]
    [InlineData(nameof(ArticleUpdated))]
    [InlineData(nameof(ArticleRetracted))]
    [InlineData(nameof(ArticlePublished))]
    public async Task An_article_event_from_any_instance_drops_the_report_and_the_list_pages(string change)
    {
        await WaitUntilListeningAsync();
        await ReadAsync();
        var listLoads = 0;
        await Cache.GetListAsync("section=world", _ => { listLoads++; return ValueTask.FromResult<CachedJson?>(Json()); }, revalidate: false, CancellationToken.None);

        await PublishAsync(change);

        Assert.Null(await Cache.GetLocalArticleAsync(Slug, CancellationToken.None));
        await ReadAsync();
        await Cache.GetListAsync("section=world", _ => { listLoads++; return ValueTask.FromResult<CachedJson?>(Json()); }, revalidate: false, CancellationToken.None);
        Assert.Equal(2, loads);
        Assert.Equal(2, listLoads);
    }

    [Fact]
    public async Task Nothing_is_kept_or_served_from_memory_while_article_events_are_not_heard()
    {
        await WaitUntilListeningAsync();
        await ReadAsync();
        Assert.Equal(1, loads);

        // What the queue's observer does when the broker connection goes down.
        await services.GetRequiredService<IBusControl>().StopAsync();
        Assert.False(services.GetRequiredService<CacheInvalidationFeed>().IsListening);

        Assert.Null(await Cache.GetLocalArticleAsync(Slug, CancellationToken.None));
        await ReadAsync();
        await ReadAsync();
        Assert.Equal(3, loads);
    }

    [Fact]
    public async Task A_write_through_this_instance_drops_its_own_copy_at_once()
    {
        await WaitUntilListeningAsync();
        await ReadAsync();

        await Cache.InvalidateAsync(Slug, CancellationToken.None);

        Assert.Null(await Cache.GetLocalArticleAsync(Slug, CancellationToken.None));
    }

    [Fact]
    public async Task A_read_that_asks_to_revalidate_is_loaded_afresh_and_replaces_the_copy_kept_here()
    {
        await WaitUntilListeningAsync();
        await ReadAsync();
        var corrected = new CachedJson(Encoding.UTF8.GetBytes($$"""{"slug":"{{Slug}}","corrections":1}"""), "\"harbour-2\"");

        var revalidated = await Cache.GetArticleAsync(Slug, _ => { loads++; return ValueTask.FromResult<CachedJson?>(corrected); },
            revalidate: true, CancellationToken.None);

        Assert.Equal(2, loads);
        Assert.Same(corrected, revalidated);
        Assert.Same(corrected, await Cache.GetLocalArticleAsync(Slug, CancellationToken.None));
    }

    [Fact]
    public async Task A_revalidation_that_finds_the_report_gone_drops_the_copy_kept_here()
    {
        await WaitUntilListeningAsync();
        await ReadAsync();

        var revalidated = await Cache.GetArticleAsync(Slug, _ => ValueTask.FromResult<CachedJson?>(null), revalidate: true, CancellationToken.None);

        Assert.Null(revalidated);
        await ReadAsync();
        Assert.Equal(2, loads);
    }

    private async Task WaitUntilListeningAsync()
    {
        var feed = services.GetRequiredService<CacheInvalidationFeed>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!feed.IsListening)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task ReadAsync() =>
        await Cache.GetArticleAsync(Slug, _ => { loads++; return ValueTask.FromResult<CachedJson?>(Json()); }, revalidate: false, CancellationToken.None);

    private async Task PublishAsync(string change)
    {
        var at = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        var consumed = change switch
        {
            nameof(ArticleUpdated) => await PublishAsync(new ArticleUpdated(id, Slug, Headline, null, "world", [], [], null, "en", 0, 2, Url, false, null, at)),
            nameof(ArticleRetracted) => await PublishAsync(new ArticleRetracted(id, Slug, Headline, null, 2, Url, "Filed twice.", at)),
            _ => await PublishAsync(new ArticlePublished(id, Slug, Headline, null, "world", [], [], null, "en", 0, false, 1, Url, at)),
        };
        Assert.True(consumed, $"{change} was not consumed");
    }

    private async Task<bool> PublishAsync<T>(T message)
        where T : class
    {
        await harness.Bus.Publish(message);
        return await harness.GetConsumerHarness<ArticleEvictionConsumer>().Consumed.Any<T>();
    }

    private static CachedJson Json() => new(Encoding.UTF8.GetBytes($$"""{"slug":"{{Slug}}"}"""), "\"harbour-1\"");
}
