using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;

namespace Nojor.Web.ViewComponents;

/// <summary>
/// The reader's side of a report page: rating, reactions, comments and correction requests.
/// Placeholder until the feedback part is built; the report page already calls it where it belongs.
/// </summary>
public sealed class ArticleFeedbackViewComponent : ViewComponent
{
    public IViewComponentResult Invoke(Article article) => Content("");
}
