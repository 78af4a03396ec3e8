using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Readers;

namespace Nojor.Web.Hosting;

public static class ReaderWebExtensions
{
    /// <summary>
    /// Razor Pages, the service clients (called directly over service discovery, with the reader's address passed on),
    /// the reader session and the anti-forgery rule of <see cref="ReaderAntiforgery"/>.
    /// </summary>
    public static IHostApplicationBuilder AddReaderWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddPageCompression();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ReaderSession>();
        services.AddTransient<ClientAddressHandler>();
        services.AddTransient<RevalidationHandler>();

        services.AddRazorPages(options =>
        {
            // ReaderAntiforgery decides per request; the framework's automatic check would refuse the shared pages' forms.
            options.Conventions.ConfigureFilter(new IgnoreAntiforgeryTokenAttribute());
        });
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc =>
        {
            mvc.Filters.AddService<ReaderAntiforgery>();
            mvc.Filters.AddService<ReaderTokenRenewal>();
        });
        services.AddScoped<ReaderAntiforgery>();
        services.AddScoped<ReaderTokenRenewal>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "nojor_af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__af";
        });

        services.ConfigureAll<HttpStandardResilienceOptions>(resilience =>
        {
            // A 429 is one reader's budget spent, not a failing service: retrying it would hold that reader's page until
            // the total timeout, and counting it would let one busy reader open the circuit for every reader.
            resilience.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransientForEveryone(args.Outcome));
            resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransientForEveryone(args.Outcome));
            // A reader's comment, vote or subscription must not be sent twice because an answer was slow: only reads are retried.
            resilience.Retry.DisableForUnsafeHttpMethods();
        });
        AddServiceClient<ArticleApi>(services, addresses => addresses.Articles);
        AddServiceClient<ReaderApi>(services, addresses => addresses.Feedback);
        AddServiceClient<ArticleFeedbackApi>(services, addresses => addresses.Feedback);
        AddServiceClient<SearchApi>(services, addresses => addresses.Articles);
        AddServiceClient<BetaFeedbackApi>(services, addresses => addresses.Feedback);
        AddServiceClient<SubscriptionApi>(services, addresses => addresses.Notifications);
        AddServiceClient<PushApi>(services, addresses => addresses.Notifications);
        AddServiceClient<EmailAlertApi>(services, addresses => addresses.Notifications);

        // The gateway (on loopback locally; a known proxy in any deployment) tells the reader's address, scheme and host.
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = 1;
        });
        return builder;
    }

    private static bool IsTransientForEveryone(Polly.Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(outcome);

    internal static IHttpClientBuilder AddServiceClient<TClient>(IServiceCollection services, Func<ServiceAddresses, Uri> address)
        where TClient : class =>
        services.AddHttpClient<TClient>((provider, http) =>
                http.BaseAddress = address(provider.GetRequiredService<IOptions<WebOptions>>().Value.Services))
            .AddHttpMessageHandler<ClientAddressHandler>()
            .AddHttpMessageHandler<RevalidationHandler>()
            // The factory shares each client's handler, and so its cookie jar, between all readers: the nojor_reader
            // cookie the feedback service sets on issuing a token would ride along on every later call, so every
            // reader's token issue (and any call without the header) would count as, and act for, that first reader.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });

    public static WebApplication UseReaderWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler(ErrorPages.ExceptionPath);
        // 404 and other bare status codes come back as the readable error page, with their status code kept.
        app.UseStatusCodePagesWithReExecute(ErrorPages.StatusPath, "?code={0}");
        app.UseSecurityHeaders();
        app.UsePrivateCachingByDefault();
        app.UsePageCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
                context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        return app;
    }
}
