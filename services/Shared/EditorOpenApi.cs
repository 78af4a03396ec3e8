using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Nojor.Authentication;
using Nojor.Routing;

namespace Nojor.Hosting;

/// <summary>
/// What every service's OpenAPI document says alike: the editors' bearer scheme, and on each operation that needs an
/// editor's token (its endpoint carries the editor or admin policy) a requirement for it, so the reference UI and generated
/// clients send the token there and only there. The gateway merges the documents; the scheme is declared the same way in
/// each, so the merge keeps one.
/// </summary>
internal static class EditorOpenApi
{
    public const string SchemeName = "Bearer";

    public static IServiceCollection AddServiceOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        // HEAD answers every GET route (HeadRequests); describing it again beside each GET would only double the document.
        var included = options.ShouldInclude;
        options.ShouldInclude = description => included(description) && !HeadRequests.IsImpliedHead(description.HttpMethod);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "Editors and admins: a JWT with role claim `editor` or `admin` (locally: `./nojor token`).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (!metadata.OfType<IAllowAnonymous>().Any()
                && metadata.OfType<IAuthorizeData>().Any(a => a.Policy is EditorAuthentication.EditorPolicy or EditorAuthentication.AdminPolicy))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
    });
}
