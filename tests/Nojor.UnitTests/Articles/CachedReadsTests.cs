using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Articles.Caching;
using Nojor.Articles.Reading;
using Nojor.EarlyAnswers;

namespace Nojor.UnitTests.Articles;

public sealed class CachedReadsTests : IDisposable
{
    private const string CacheControl = "public, max-age=30";
    private static readonly CachedJson Report = new(Encoding.UTF8.GetBytes("""{"slug":"harbour-light-returns"}"""), "\"harbour-3\"");

    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordingHosting hosting = new();
    private readonly MeterListener listener = new();
    private readonly List<(long Value, object? Status)> counted = [];

    public CachedReadsTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This test's meter only: other tests' instances of the service may count at the same time.
            if (instrument.Meter.Name == CachedReadMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, MeterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => counted.Add((value, tags.ToArray().Single().Value)));
        listener.Start();
    }

    [Fact]
    public async Task A_report_held_in_memory_is_answered_without_hosting_and_counted()
    {
        var request = Request("GET", "/api/articles/harbour-light-returns");

        var body = await Run(request);

        Assert.Equal(StatusCodes.Status200OK, request.Response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetString(Report.Utf8Json), body);
        Assert.Equal(Report.ETag, request.Response.Headers.ETag);
        Assert.Equal(CacheControl, request.Response.Headers.CacheControl);
        Assert.Equal("application/json; charset=utf-8", request.Response.Headers.ContentType);
        Assert.Equal(Report.Utf8Json.Length, request.Response.Headers.ContentLength);
        Assert.Empty(hosting.Calls);
        Assert.Equal([(1L, (object?)200)], counted);
    }

    [Fact]
    public async Task A_reader_holding_this_version_gets_304_without_a_body()
    {
        var request = Request("GET", "/api/articles/harbour-light-returns");
        request.Request.Headers.IfNoneMatch = Report.ETag;

        var body = await Run(request);

        Assert.Equal(StatusCodes.Status304NotModified, request.Response.StatusCode);
        Assert.Equal("", body);
        Assert.Equal(Report.ETag, request.Response.Headers.ETag);
        Assert.Empty(hosting.Calls);
        Assert.Equal([(1L, (object?)304)], counted);
    }

    [Theory]
    [InlineData("GET", "/api/articles/not-in-memory", false)]
    [InlineData("GET", "/api/articles/harbour-light-returns", true)]
    [InlineData("GET", "/api/articles/harbour-light-returns/revisions", false)]
    [InlineData("PUT", "/api/articles/harbour-light-returns", false)]
    [InlineData("GET", "/api/stories/harbour-light-returns", false)]
    public async Task Misses_signed_in_reads_and_other_requests_go_to_hosting_untouched(string method, string path, bool signedIn)
    {
        var request = Request(method, path);
        if (signedIn)
        {
            request.Request.Headers.Authorization = "Bearer token";
        }

        var body = await Run(request);

        Assert.Equal(["create", "process", "dispose"], hosting.Calls);
        Assert.Same(request.Features, hosting.Features);
        Assert.Equal("hosting answered", body);
        Assert.Empty(counted);
    }

    [Theory]
    // Kestrel hands over the path decoded once: these are what a client sends as %2500, %2541 and %252F.
    [InlineData("/api/articles/%00")]
    [InlineData("/api/stories/%00")]
    [InlineData("/api/articles/%41")]
    [InlineData("/api/articles/a%2Fb")]
    public async Task A_path_that_still_looks_percent_encoded_is_taken_literally_not_decoded_a_second_time(string path)
    {
        var looked = new List<string>();
        var request = Request("GET", path);

        var body = await Run(request, slug =>
        {
            looked.Add(slug);
            return null;
        });

        // Decoding again turned %00 into a NUL, which PathString refuses with an exception that dropped the connection.
        Assert.Equal("hosting answered", body);
        Assert.All(looked, slug => Assert.Equal(path["/api/articles/".Length..], slug));
    }

    [Fact]
    public async Task A_read_whose_query_holds_a_nul_goes_to_hosting_which_refuses_it_whatever_is_held()
    {
        var request = Request("GET", "/api/articles/harbour-light-returns");
        request.Request.QueryString = "?x=a%00b";

        var body = await Run(request);

        Assert.Equal(["create", "process", "dispose"], hosting.Calls);
        Assert.Equal("hosting answered", body);
        Assert.Empty(counted);
    }

    private IMeterFactory MeterFactory => services.GetRequiredService<IMeterFactory>();

    /// <summary>What Kestrel does with a request: create a context, process it, dispose of it.</summary>
    private Task<string> Run(FeatureSet request) => Run(request, slug => slug == "harbour-light-returns" ? Report : null);

    private async Task<string> Run(FeatureSet request, Func<string, CachedJson?> lookUp)
    {
        var application = new EarlyAnswerApplication<HostingContext, CachedJson>(
            hosting, new CachedReads(lookUp, CacheControl, new CachedReadMetrics(MeterFactory)));
        var context = application.CreateContext(request.Features);
        await application.ProcessRequestAsync(context);
        application.DisposeContext(context, null);
        await request.Body.Writer.FlushAsync();
        return Encoding.UTF8.GetString(request.BodyStream.ToArray());
    }

    private static FeatureSet Request(string method, string path)
    {
        var features = new FeatureCollection();
        var request = new HttpRequestFeature { Method = method, Path = path };
        var response = new HttpResponseFeature();
        var bodyStream = new MemoryStream();
        var body = new StreamResponseBodyFeature(bodyStream);
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(body);
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature());
        return new FeatureSet(features, request, response, body, bodyStream);
    }

    public void Dispose()
    {
        listener.Dispose();
        services.Dispose();
    }

    private sealed record FeatureSet(
        IFeatureCollection Features, HttpRequestFeature Request, HttpResponseFeature Response, StreamResponseBodyFeature Body, MemoryStream BodyStream);

    private sealed record HostingContext(IFeatureCollection Features);

    /// <summary>Stands in for ASP.NET Core's hosting application: records what it was asked to do.</summary>
    private sealed class RecordingHosting : IHttpApplication<HostingContext>
    {
        public List<string> Calls { get; } = [];

        public IFeatureCollection? Features { get; private set; }

        public HostingContext CreateContext(IFeatureCollection contextFeatures)
        {
            Calls.Add("create");
            Features = contextFeatures;
            return new HostingContext(contextFeatures);
        }

        public async Task ProcessRequestAsync(HostingContext context)
        {
            Calls.Add("process");
            await context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().Writer.WriteAsync("hosting answered"u8.ToArray());
        }

        public void DisposeContext(HostingContext context, Exception? exception) => Calls.Add("dispose");
    }
}
