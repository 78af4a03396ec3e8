using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Nojor.Limits;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The wiring every Nojor process shares: telemetry to the Aspire dashboard, health endpoints,
/// service discovery, resilient HttpClients and RFC 9457 problem details.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    /// <summary>
    /// Activity sources of libraries that do not register themselves with OpenTelemetry. Our own code registers its
    /// sources and meters where it lives (<see cref="AddServiceTelemetry"/>, the messaging library on its own).
    /// </summary>
    private static readonly string[] ExtraTraceSources = ["MassTransit", "Npgsql"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        // Every process limits request sizes itself: the services can be reached without the gateway in front.
        builder.AddRequestLimits();
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
                context.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier));
        // After AddProblemDetails, so it answers only what the framework's writer declines (an API client not accepting JSON).
        builder.Services.AddSingleton<IProblemDetailsWriter, ApiProblemDetailsWriter>();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        // Let binding failures reach the exception handler, which explains them, instead of ending as a bare 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Npgsql"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(ExtraTraceSources)
                // Health probes would drown the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                    && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        // Export only where a collector is configured (the AppHost sets this for the dashboard).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// Adds a service's own meters and activity sources to what <see cref="ConfigureOpenTelemetry{TBuilder}"/> exports:
    /// each service names its own, so these defaults know no service's instruments.
    /// </summary>
    public static IServiceCollection AddServiceTelemetry(this IServiceCollection services, string[] meters, string[]? activitySources = null)
    {
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(meters));
        if (activitySources is { Length: > 0 })
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(activitySources));
        }
        return services;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check (ready to serve); <c>/alive</c>: the process itself only.
    /// Both are mapped in every environment because the AppHost and the tests wait on them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        return app;
    }

    /// <summary>Unknown routes answer with ProblemDetails rather than an empty 404.</summary>
    public static WebApplication MapProblemFallback(this WebApplication app)
    {
        app.MapFallback(NotFoundProblem);
        return app;
    }

    /// <summary>
    /// Unknown routes under <paramref name="prefix"/> answer with ProblemDetails; for a host (the gateway) whose other
    /// paths belong to someone else (the reader web app renders its own not-found page).
    /// </summary>
    public static WebApplication MapProblemFallback(this WebApplication app, string prefix)
    {
        app.Map(prefix.TrimEnd('/') + "/{**rest}", NotFoundProblem);
        return app;
    }

    private static ProblemHttpResult NotFoundProblem() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "No resource matches this route.");
}
