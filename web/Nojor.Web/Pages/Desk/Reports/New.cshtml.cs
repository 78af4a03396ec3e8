using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>Files a new report as a draft; publishing or scheduling it is a separate, deliberate step on its page.</summary>
public sealed class NewModel(DeskArticleApi articles, IOptions<WebOptions> web) : DeskPage
{
    [BindProperty]
    public ReportForm Form { get; set; } = new();

    public IReadOnlyList<string> Sections => web.Value.Sections;

    public Article? Preview { get; private set; }

    public void OnGet() => Form.Section ??= Sections[0];

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (content, errors) = Form.ToContent();
        if (content is null)
        {
            Show(errors);
            return Page();
        }
        var created = await articles.CreateDraftAsync(content, cancellationToken);
        if (created.Problem is { } problem)
        {
            Show(problem);
            return Page();
        }
        return Redirect($"/desk/reports/{created.Value!.Value.Id}?done=filed");
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        var preview = await articles.PreviewAsync(Form.Body, cancellationToken);
        if (preview.Problem is { } problem)
        {
            Show(problem);
            return Page();
        }
        Preview = PreviewArticle.Of(Form, preview.Value!.BodyHtml, null);
        return Page();
    }
}
