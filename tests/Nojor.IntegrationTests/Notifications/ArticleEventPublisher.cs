using MassTransit;
using Nojor.Contracts;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>
/// Publishes article events straight to the platform's RabbitMQ, as the article service's outbox relay
/// would. Tests need places, stories, updates and retractions, and a fixed message id to replay a
/// message, none of which the article API offers; publishing the agreed contracts directly is the
/// simplest reliable way and exercises the notification service's real consumers.
/// </summary>
public sealed class ArticleEventPublisher : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private ArticleEventPublisher(IBusControl bus) => _bus = bus;

    public static async Task<ArticleEventPublisher> StartAsync(PlatformFixture platform)
    {
        var connectionString = await platform.App.GetConnectionStringAsync(ResourceNames.Messaging)
            ?? throw new InvalidOperationException("No broker connection string.");
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(connectionString)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(timeout.Token);
        return new ArticleEventPublisher(bus);
    }

    public Task PublishAsync<T>(T message, Guid? messageId = null)
        where T : class =>
        _bus.Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    public async ValueTask DisposeAsync() => await _bus.StopAsync();

    public static BreakingNewsIssued Breaking(string headline, int urgency = 2, StoryReference? story = null, string section = "world",
        IReadOnlyList<ArticlePlace>? places = null, Guid? articleId = null) =>
        new(articleId ?? Guid.NewGuid(), Slug(headline), headline, "Summary in our own words.", section, ["test"],
            places ?? [new ArticlePlace("Norway", "Vestland", "Bergen")], story, "en", urgency, 1, $"http://localhost/articles/{Slug(headline)}",
            DateTimeOffset.UtcNow);

    public static ArticleUpdated Correction(BreakingNewsIssued alert, string note) =>
        new(alert.ArticleId, alert.Slug, alert.Headline, alert.Summary, "corrections-desk", alert.Tags, alert.Places, alert.Story,
            alert.Language, 4, alert.Version + 1, alert.Url, true, note, DateTimeOffset.UtcNow);

    public static ArticleRetracted Retraction(BreakingNewsIssued alert, string reason) =>
        new(alert.ArticleId, alert.Slug, alert.Headline, alert.Story, alert.Version + 1, alert.Url, reason, DateTimeOffset.UtcNow);

    private static string Slug(string headline) => new(headline.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
