namespace Nojor.AppHost.Infrastructure;

public static class ContainerInfra
{
    public static Infra AddContainerInfra(this IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres(ResourceNames.Postgres).WithDataVolume("nojor-postgres");
        var cache = builder.AddRedis(ResourceNames.Cache);
        var messaging = builder.AddRabbitMQ(ResourceNames.Messaging).WithManagementPlugin();
        return new Infra(
            postgres.AddDatabase(ResourceNames.ArticleDatabase),
            postgres.AddDatabase(ResourceNames.FeedbackDatabase),
            postgres.AddDatabase(ResourceNames.NotificationDatabase),
            cache,
            messaging);
    }
}
