using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nojor.Authentication;

/// <summary>
/// How every service recognises editors. Endpoints only ever say
/// <c>RequireAuthorization(EditorAuthentication.EditorPolicy)</c>, so the sign-in mechanism can change
/// in this one place.
/// </summary>
public static class EditorAuthentication
{
    public const string EditorPolicy = "editor";
    public const string EditorRole = "editor";

    public static IHostApplicationBuilder AddEditorAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EditorAuthenticationOptions>()
            .BindConfiguration(EditorAuthenticationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddAuthentication(EditorApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, EditorApiKeyAuthenticationHandler>(EditorApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(EditorPolicy, policy => policy.RequireRole(EditorRole));
        return builder;
    }
}
