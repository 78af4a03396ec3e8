using System.Text.Json;
using Nojor.IntegrationTests.Articles;

namespace Nojor.IntegrationTests.Hardening;

/// <summary>A report's public history starts when readers first saw it: what it said as a draft stays with the editors.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicRevisionTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_draft_edited_before_publication_does_not_show_its_draft_text_in_the_public_revisions()
    {
        using var editor = platform.EditorGateway();
        var draftHeadline = TestData.Unique("Unconfirmed: minister to resign");
        const string draftBody = "Sources we have not yet confirmed say the minister will step down.";
        var (draft, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(draftHeadline, body: draftBody, draft: true));
        var id = draft.GetProperty("id").GetString();
        var slug = draft.GetProperty("slug").GetString();

        var publishedHeadline = TestData.Unique("Minister stays in post after talks");
        const string publishedBody = "The minister confirmed she will remain in office.";
        var edited = await ArticleClient.SendAsync(editor, HttpMethod.Put, $"/api/articles/by-id/{id}",
            ArticleClient.Report(publishedHeadline, body: publishedBody), ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var published = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/publish");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var revisions = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/revisions");

        var history = revisions.GetRawText();
        Assert.DoesNotContain(draftHeadline, history);
        Assert.DoesNotContain(draftBody, history);
        var first = revisions.EnumerateArray().First();
        Assert.Equal("published", first.GetProperty("change").GetString());
        Assert.Equal(publishedHeadline, first.GetProperty("headline").GetString());
        Assert.Equal(publishedBody, first.GetProperty("body").GetString());

        // The editors still have the whole history behind the draft route's report: nothing was deleted.
        var forEditor = await editor.GetAsync($"/api/articles/by-id/{id}/draft");
        Assert.Equal(HttpStatusCode.OK, forEditor.StatusCode);
    }

    [Fact]
    public async Task A_report_published_when_filed_keeps_its_first_version_and_every_later_change()
    {
        using var editor = platform.EditorGateway();
        var headline = TestData.Unique("Bridge reopens to traffic");
        var (report, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, body: "Traffic moves again."));
        var id = report.GetProperty("id").GetString();
        var slug = report.GetProperty("slug").GetString();
        var corrected = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/corrections",
            new { note = "An earlier version gave the wrong day.", body = "Traffic moves again since Tuesday." }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

        var revisions = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/revisions");

        Assert.Equal(["created", "corrected"], revisions.EnumerateArray().Select(r => r.GetProperty("change").GetString()));
    }
}
