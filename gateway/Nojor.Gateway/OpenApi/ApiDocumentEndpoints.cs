using Scalar.AspNetCore;

namespace Nojor.Gateway.OpenApi;

internal static class ApiDocumentEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";

    public static IHostApplicationBuilder AddMergedApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiDocumentOptions>().BindConfiguration(ApiDocumentOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        // A service that is down must not hold the document (or /docs) up for long.
        builder.Services.AddHttpClient(MergedApiDocument.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<MergedApiDocument>();
        return builder;
    }

    /// <summary>The merged document and, at <c>/docs</c>, the Scalar reference UI reading it.</summary>
    public static WebApplication MapMergedApiDocument(this WebApplication app)
    {
        app.MapGet(DocumentPath, async (MergedApiDocument document, CancellationToken cancellationToken) =>
                TypedResults.Text(await document.GetJsonAsync(cancellationToken), "application/json"))
            .ExcludeFromDescription();
        // A fresh nonce per answer for the inline start-up script, which the security headers put in the page's policy;
        // no fonts from Scalar's CDN, so the page loads nothing from another host.
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Nojor API")
            .WithOpenApiRoutePattern(DocumentPath)
            .WithNonce()
            .DisableDefaultFonts());
        return app;
    }
}
