namespace Nojor.AppHost.Infrastructure;

/// <summary>The infrastructure resources services reference, whichever way they are run.</summary>
public sealed record Infra(
    IResourceBuilder<IResourceWithConnectionString> ArticleDatabase,
    IResourceBuilder<IResourceWithConnectionString> FeedbackDatabase,
    IResourceBuilder<IResourceWithConnectionString> NotificationDatabase,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    IResourceBuilder<IResourceWithConnectionString> Messaging);
