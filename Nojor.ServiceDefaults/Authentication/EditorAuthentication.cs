using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Nojor.Authentication;

/// <summary>
/// How every Nojor process (the gateway and each service) recognises editors: JWT bearer tokens with a
/// <c>role</c> claim. Endpoints only ever say <c>RequireAuthorization(EditorAuthentication.EditorPolicy)</c>, so
/// the sign-in mechanism lives in this one place.
/// </summary>
public static class EditorAuthentication
{
    public const string EditorPolicy = "editor";
    public const string AdminPolicy = "admin";
    public const string EditorRole = "editor";
    public const string AdminRole = "admin";
    public const string RoleClaim = "role";

    public static IHostApplicationBuilder AddEditorAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EditorAuthenticationOptions>()
            .BindConfiguration(EditorAuthenticationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EditorAuthenticationOptions>, EditorKeySourceValidation>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<EditorAuthenticationOptions>, IHostEnvironment>(Configure);
        // Admins can do everything editors can.
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(EditorPolicy, policy => policy.RequireRole(EditorRole, AdminRole))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, IOptions<EditorAuthenticationOptions> options, IHostEnvironment environment)
    {
        var editor = options.Value;
        // Keep the token's own claim names ("sub", "role") instead of the legacy SOAP-era URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = editor.Issuer,
            ValidAudience = editor.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            // A token without exp would be valid for ever; the lifetime cap is checked once the token is validated.
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = editor.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = RoleClaim,
        };
        if (editor.UsesAuthority)
        {
            jwt.Authority = editor.Authority;
            jwt.RequireHttpsMetadata = !environment.IsDevelopment();
            // The authority's published keys are public keys: a token claiming any other algorithm (HMAC, none) is not its.
            jwt.TokenValidationParameters.ValidAlgorithms = EditorAuthenticationOptions.AuthorityAlgorithms;
        }
        else
        {
            jwt.TokenValidationParameters.IssuerSigningKey = editor.CreateSigningKey();
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        jwt.Events = new EditorTokenProblemEvents(editor.MaxTokenLifetime);
    }
}
