using System.Net.Http.Headers;

namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class FeedbackIngestTests(PlatformFixture platform)
{
    private const int Submissions = 300;
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task Every_submission_accepted_under_concurrent_load_is_stored_with_its_event()
    {
        // An editor's client: editors are exempt from the per-address limit every test on loopback shares, so this
        // burst cannot starve the others. A plain client: no retries that would resend a submission.
        using var client = _feedback.NewGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        var marker = TestData.Unique("burst");

        var responses = await Task.WhenAll(Enumerable.Range(0, Submissions).Select(n =>
            client.PostAsJsonAsync("/api/feedback", new { kind = "idea", text = $"{marker} idea {n}", page = "/ideas" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = responses.Select(r => Guid.Parse(r.Headers.Location!.OriginalString.Split('/')[^1])).ToArray();
        Assert.Equal(Submissions, ids.Distinct().Count());
        var stored = await _feedback.FeedbackSqlAsync("""SELECT count(*) FROM beta_feedback WHERE "Id" = ANY(@ids)""", ("ids", ids));
        Assert.Equal((long)Submissions, stored);
        // The outbox row is committed with its feedback row, so it is there as soon as the 201 is.
        var events = await _feedback.FeedbackSqlAsync(
            "SELECT count(DISTINCT body->>'feedbackId') FROM outbox_messages WHERE message_type LIKE 'Nojor.Contracts.FeedbackReceived,%' "
            + "AND (body->>'feedbackId')::uuid = ANY(@ids)", ("ids", ids));
        Assert.Equal((long)Submissions, events);
        // And each answer describes what was stored.
        var read = await platform.Gateway.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/feedback/{ids[^1]}");
        Assert.Equal($"{marker} idea {Submissions - 1}", read.GetProperty("text").GetString());
    }
}
