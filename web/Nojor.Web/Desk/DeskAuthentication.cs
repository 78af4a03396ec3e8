using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nojor.Authentication;
using Nojor.Web.Api;
using Nojor.Web.Hosting;

namespace Nojor.Web.Desk;

/// <summary>
/// The newsroom desk under <c>/desk</c>: editors and admins only. The browser holds a data-protected, HttpOnly session
/// cookie; the editor's token (from the OIDC authority, or minted by the development sign-in) rides inside it and is sent
/// to the services by <see cref="EditorTokenHandler"/>. Reader pages never authenticate anyone and are not affected.
/// </summary>
public static class DeskAuthentication
{
    public const string Scheme = "desk";
    public const string OidcScheme = "desk-oidc";
    public const string Policy = "desk-editor";
    public const string AccessTokenName = "access_token";
    public const string CookieName = "nojor_desk";
    public const string PathPrefix = "/desk";

    public static IHostApplicationBuilder AddNewsroomDesk(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.SectionName)
            .Configure<IConfiguration>((desk, configuration) => desk.Authority ??= configuration[$"{EditorAuthenticationOptions.SectionName}:Authority"])
            .ValidateDataAnnotations().ValidateOnStart();
        // The development sign-in signs with the key file the AppHost hands every service; checked at start only where it is on.
        var editorOptions = services.AddOptions<EditorAuthenticationOptions>().BindConfiguration(EditorAuthenticationOptions.SectionName);
        if (builder.Environment.IsDevelopment())
        {
            editorOptions.ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<DevelopmentSignIn>();
        }

        var authentication = services.AddAuthentication(Scheme).AddCookie(Scheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.Path = PathPrefix;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = false;
            // Refusals are pages of their own (401 with a way to sign in, 403 saying the role is missing), not redirects:
            // a reader who follows a link to the desk learns why they cannot see it, and gets nothing of it.
            options.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
        });
        if (builder.Configuration[$"{EditorAuthenticationOptions.SectionName}:Authority"] is { Length: > 0 })
        {
            authentication.AddOpenIdConnect(OidcScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IOptions<DeskOptions>, IHostEnvironment>(ConfigureOidc);
        }
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(EditorAuthentication.EditorRole, EditorAuthentication.AdminRole));
        services.Configure<RazorPagesOptions>(pages =>
        {
            pages.Conventions.AuthorizeFolder(PathPrefix, Policy);
            pages.Conventions.AllowAnonymousToPage("/Desk/SignIn");
            pages.Conventions.AllowAnonymousToPage("/Desk/SignOut");
        });

        services.AddTransient<EditorTokenHandler>();
        ReaderWebExtensions.AddServiceClient<DeskArticleApi>(services, addresses => addresses.Articles).AddHttpMessageHandler<EditorTokenHandler>();
        ReaderWebExtensions.AddServiceClient<DeskFeedbackApi>(services, addresses => addresses.Feedback).AddHttpMessageHandler<EditorTokenHandler>();
        ReaderWebExtensions.AddServiceClient<DeskNotificationApi>(services, addresses => addresses.Notifications).AddHttpMessageHandler<EditorTokenHandler>();
        return builder;
    }

    public static WebApplication UseNewsroomDesk(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(PathPrefix))
            {
                // What an editor sees (drafts, readers' e-mail addresses) must not stay in any cache, the browser's included.
                context.Response.OnStarting(static state =>
                {
                    ((HttpContext)state).Response.Headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                }, context);
            }
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Signs an editor in: the cookie keeps who they are, their roles and the token the services will be sent.</summary>
    public static Task SignInAsync(HttpContext context, string subject, IEnumerable<string> roles, string token, DateTimeOffset expires)
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", subject), .. roles.Select(role => new Claim(EditorAuthentication.RoleClaim, role))],
            "development", "sub", EditorAuthentication.RoleClaim);
        var properties = new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = false };
        properties.StoreTokens([new AuthenticationToken { Name = AccessTokenName, Value = token }]);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity), properties);
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static void ConfigureOidc(OpenIdConnectOptions oidc, IOptions<DeskOptions> options, IHostEnvironment environment)
    {
        var desk = options.Value;
        oidc.SignInScheme = Scheme;
        oidc.Authority = desk.Authority;
        oidc.ClientId = desk.ClientId;
        oidc.ClientSecret = desk.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.RequireHttpsMetadata = !environment.IsDevelopment();
        // The access token is what the services accept; it stays inside the data-protected cookie.
        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.TokenValidationParameters.NameClaimType = "sub";
        oidc.TokenValidationParameters.RoleClaimType = EditorAuthentication.RoleClaim;
        oidc.CallbackPath = PathPrefix + "/signin-oidc";
        oidc.SignedOutCallbackPath = PathPrefix + "/signout-callback-oidc";
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        foreach (var scope in desk.Scopes)
        {
            oidc.Scope.Add(scope);
        }
        oidc.UseTokenLifetime = true;
    }
}

/// <summary>
/// The local sign-in: mints the token <c>./nojor token</c> would, with the data folder's key. Registered only in
/// Development, so no other environment can reach it, whatever its settings say.
/// </summary>
public sealed class DevelopmentSignIn(IOptions<EditorAuthenticationOptions> options, IOptions<DeskOptions> desk, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Roles = [EditorAuthentication.EditorRole, EditorAuthentication.AdminRole, "reader"];

    public Task SignInAsync(HttpContext context, string subject, string role)
    {
        var lifetime = desk.Value.SessionLifetime;
        var token = EditorTokenIssuer.Issue(options.Value, subject, [role], lifetime, clock);
        return DeskAuthentication.SignInAsync(context, subject, [role], token, clock.GetUtcNow() + lifetime);
    }
}
