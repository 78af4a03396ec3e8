using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Nojor.Articles.Articles;
using Nojor.Hosting;

namespace Nojor.Articles.Editorial;

/// <summary>If-Match handling for editors' writes: two editors cannot overwrite each other's changes.</summary>
internal static class Preconditions
{
    /// <summary>
    /// Checks If-Match against the report's current tag. Returns 428 when the header is required and
    /// missing, 412 when it names another version, or null when the write may go ahead.
    /// </summary>
    public static ProblemHttpResult? Check(HttpRequest request, Article article, bool required)
    {
        var ifMatch = request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return required
                ? Problems.PreconditionRequired("Send If-Match with the ETag of the version you edited, so a colleague's change is not overwritten.")
                : null;
        }
        return ArticleETag.Matches(ifMatch, article.ETag) ? null : Failed(article);
    }

    public static ProblemHttpResult Failed(Article article) =>
        Problems.PreconditionFailed($"The report has changed since you read it; it is now at version {article.Version}. Read it again and reapply your edit.");
}
