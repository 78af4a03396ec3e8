using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Nojor.Gateway.Tracing;

namespace Nojor.Gateway.Cors;

internal static class GatewayCorsExtensions
{
    private static readonly string[] AllowedHeaders = ["Content-Type", "Authorization", RequestIdMiddleware.HeaderName, "X-Subscription-Token", "traceparent"];
    private static readonly string[] ExposedHeaders = [RequestIdMiddleware.HeaderName, "Location", "Retry-After", "ETag"];

    /// <summary>Only the reader web origin(s) may call the API from a browser; credentials travel as bearer tokens, never cookies.</summary>
    public static IHostApplicationBuilder AddReaderCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReaderCorsOptions>().BindConfiguration(ReaderCorsOptions.SectionName);
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<ReaderCorsOptions>>((cors, reader) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins(reader.Value.AllowedOrigins)
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
                .WithHeaders(AllowedHeaders)
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }
}
