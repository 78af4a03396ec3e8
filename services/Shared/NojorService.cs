using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Messaging;
using Nojor.Requests;
using Nojor.Routing;
using OpenTelemetry.Trace;

namespace Nojor.Hosting;

/// <summary>What one service's shell needs to know of it: everything else is the same in every service.</summary>
internal sealed class NojorServiceShape
{
    /// <summary>The name of its PostgreSQL database's connection string (a <see cref="ResourceNames"/> constant).</summary>
    public required string Database { get; init; }

    /// <summary>Prefix of its RabbitMQ queues (<c>feedback-article-published</c>), so services never share a queue.</summary>
    public required string QueuePrefix { get; init; }

    /// <summary>The consumers of other services' events it runs, if any.</summary>
    public Action<IBusRegistrationConfigurator>? Consumers { get; init; }

    /// <summary>
    /// Whether it reads the client's address and scheme from X-Forwarded-* sent by a known proxy (the gateway or the web
    /// app, on loopback unless configured): the services that limit or record by client address.
    /// </summary>
    public bool ReadsForwardedHeaders { get; init; }

}

/// <summary>
/// Linked into each service: the shell every service shares, so its <c>Program.cs</c> lists only its own features.
/// <list type="bullet">
/// <item><see cref="AddNojorService{TDbContext}"/>: ServiceDefaults, its database (Npgsql, the outbox interceptors),
/// messaging with the outbox, editor sign-in, OpenAPI and the migrations' traces.</item>
/// <item><see cref="UseNojorService"/>: the request pipeline up to the service's own endpoints.</item>
/// <item><see cref="RunNojorServiceAsync{TDbContext}"/>: what must follow every route, then migrations, then serving.</item>
/// </list>
/// </summary>
internal static class NojorService
{
    public static IHostApplicationBuilder AddNojorService<TDbContext>(this IHostApplicationBuilder builder, NojorServiceShape shape)
        where TDbContext : DbContext
    {
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(shape);

        builder.Services.AddDbContextPool<TDbContext>((services, options) => options
            .UseNpgsql(ServiceDatabase.ConnectionString(builder.Configuration, shape.Database))
            .AddOutboxInterceptors(services));
        // No retrying execution strategy: the outbox, delivery and scheduling workers claim rows in explicit
        // transactions, which it forbids; they retry whole passes themselves.
        builder.EnrichNpgsqlDbContext<TDbContext>(settings => settings.DisableRetry = true);

        builder.AddNojorMessaging<TDbContext>(shape.QueuePrefix, shape.Consumers);
        if (shape.ReadsForwardedHeaders)
        {
            builder.AddTrustedProxies(trustLoopback: true);
        }
        builder.AddEditorAuthentication();
        builder.Services.AddServiceOpenApi();
        builder.Services.AddServiceTelemetry(meters: [], activitySources: [MigrateDbContextExtensions.ActivitySourceName]);
        return builder;
    }

    /// <summary>Settings of one section, checked when the service starts rather than when first read.</summary>
    public static IHostApplicationBuilder AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class
    {
        builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// The pipeline every service runs, up to its own endpoints: forwarded headers (where read), exception and status
    /// pages as problem details, the refusal of a NUL in the query (<see cref="NulQueryParameters"/>), then routing,
    /// authentication and authorization, in that order so they see the endpoint (implicit ones would run before
    /// routing). <paramref name="beforeRouting"/> runs after the error handling and before routing (what may answer
    /// without a route); <paramref name="afterAuthorization"/> once the caller is known (rate limits by reader or
    /// subscription). Health endpoints and the OpenAPI document are mapped here.
    /// </summary>
    public static WebApplication UseNojorService(this WebApplication app, Action<IApplicationBuilder>? beforeRouting = null,
        Action<IApplicationBuilder>? afterAuthorization = null)
    {
        if (app.Services.GetRequiredService<NojorServiceShape>().ReadsForwardedHeaders)
        {
            app.UseTrustedProxies();
        }
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        beforeRouting?.Invoke(app);
        // After what a service adds to every answer (feedback's nosniff) so its refusals carry that too; before routing,
        // so no endpoint or handler ever binds such a value.
        app.RefuseNulQueryParameters();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        afterAuthorization?.Invoke(app);
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        return app;
    }

    /// <summary>
    /// Call once the service's endpoints are mapped: maps what must come after every route (the problem fallback for
    /// unknown routes; HEAD on each GET route, which wraps the routes mapped so far), then migrates unless
    /// <c>Database:Migrate</c> is false (a cluster, where a Job migrates each release) and serves; with <c>--migrate</c>
    /// it only migrates. <paramref name="migrateData"/> runs right after the schema migration, wherever that runs.
    /// </summary>
    public static Task RunNojorServiceAsync<TDbContext>(this WebApplication app, string[] args, Func<Task>? migrateData = null)
        where TDbContext : DbContext
    {
        app.MapProblemFallback();
        app.AnswerHeadOnGetRoutes();
        // Otherwise built when the host starts, after the migration: built now, it records the migration's span.
        app.Services.GetService<TracerProvider>();
        return app.MigrateAndRunAsync<TDbContext>(args, migrateData);
    }
}
