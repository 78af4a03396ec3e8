using System.Text.RegularExpressions;
using Nojor.IntegrationTests.Feedback;

namespace Nojor.IntegrationTests.Web;

/// <summary>
/// Behind a load balancer a reader's form comes from one web instance and its post goes to whichever instance is picked;
/// the instances share one key ring, so the form's anti-forgery token is good on every one of them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class WebInstancesTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task A_form_served_by_one_web_instance_is_accepted_when_posted_to_another()
    {
        var token = await _feedback.IssueTokenAsync();
        // Through the gateway to the first instance: a reader with a token gets a form with a per-reader anti-forgery token.
        using var first = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = platform.GatewayAddress,
        };
        using var form = new HttpRequestMessage(HttpMethod.Get, "/feedback");
        form.Headers.Add("Cookie", $"nojor_reader={token}");
        using var served = await first.SendAsync(form);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var formToken = FormToken().Match(await served.Content.ReadAsStringAsync()).Groups["value"].Value;
        Assert.NotEmpty(formToken);
        var cookieToken = served.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("nojor_af=", StringComparison.Ordinal));

        // Straight to the second instance, as a load balancer could send it.
        using var second = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = platform.App.GetEndpoint(ResourceNames.WebSecondInstance, "http"),
        };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/feedback")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__af"] = formToken,
                ["kind"] = "idea",
                ["text"] = TestData.Unique("A map of the footbridges that are closed for repairs this month"),
            }),
        };
        post.Headers.Add("Cookie", $"nojor_reader={token}; {cookieToken}");
        using var sent = await second.SendAsync(post);

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.StartsWith("/feedback/thanks", sent.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("""name="__af" type="hidden" value="(?<value>[^"]+)"|type="hidden" name="__af" value="(?<value>[^"]+)"|name="__af" value="(?<value>[^"]+)" type="hidden""")]
    private static partial Regex FormToken();
}
