using Nojor.Web.Api;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>The form's content in the reader pages' shape, with the body as the article service renders it.</summary>
internal static class PreviewArticle
{
    public static Article Of(ReportForm form, string bodyHtml, DeskArticle? saved)
    {
        var (content, _) = form.ToContent();
        var places = content?.Places.Select(p => new Place(p.Country ?? "", p.Region, p.District)).ToList() ?? [];
        return new Article(saved?.Id ?? Guid.Empty, saved?.Slug ?? "", form.Headline ?? "", form.Summary, form.Body ?? "", bodyHtml,
            form.Section ?? "news", content?.Tags ?? [], places, form.Dateline, form.Byline, form.Language ?? "en", form.Urgency ?? 5, form.Breaking,
            saved?.Status ?? "draft", saved?.Story, saved?.PublishedAt, saved?.UpdatedAt ?? default, saved?.Corrections ?? [],
            saved?.Retraction, saved?.Version ?? 0, saved?.Url ?? "");
    }
}
