using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Nojor.Articles.Editorial;

/// <summary>Lets a request through only when it carries the editors' API key.</summary>
internal sealed class EditorApiKeyFilter(IOptions<EditorialOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[EditorialOptions.ApiKeyHeader].ToString();
        if (presented.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Editor actions need the {EditorialOptions.ApiKeyHeader} header.");
        }
        // Constant-time comparison: response timing must not reveal how much of the key was right.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.Value.ApiKey)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "The editor API key is not valid.");
        }
        return await next(context);
    }
}
