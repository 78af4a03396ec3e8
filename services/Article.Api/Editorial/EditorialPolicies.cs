using Microsoft.AspNetCore.Authentication;

namespace Nojor.Articles.Editorial;

public static class EditorialPolicies
{
    public const string Editor = "editor";
    public const string EditorRole = "editor";

    public static IServiceCollection AddEditorialAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication(EditorApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, EditorApiKeyAuthenticationHandler>(EditorApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Editor, policy => policy.RequireRole(EditorRole));
        return services;
    }
}
