using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Nojor.EarlyAnswers;
using Nojor.Gateway.Security;
using Nojor.Gateway.Tracing;
using Nojor.ReadCache;

namespace Nojor.Gateway.Caching;

/// <summary>
/// The gateway's fast path for anonymous cached reads: a request <see cref="HotCopyRequest"/> accepts, for which
/// <see cref="HotCopies"/> holds a live copy, is answered beneath hosting with that copy (the headers it left with the
/// first time, security headers and all), its own <c>X-Request-Id</c>, an <c>Age</c>, and HSTS when it came over HTTPS.
/// The full pipeline would have answered it from the output cache with the same bytes: the copy is only what that cache
/// stored, evicted with it. What it skips cannot change such an answer: there are no credentials to authenticate, no
/// <c>Origin</c> for CORS, and the output cache already answers before the rate limits. Answers are counted by
/// <c>nojor.gateway.cached_reads</c>, as they never reach the request-duration metric or a trace.
/// </summary>
internal sealed class HotCopyAnswers : IEarlyAnswers<HotCopy>
{
    public const string MeterName = "Nojor.Gateway";

    private readonly HotCopies copies;
    private readonly IOptions<ReadCacheOptions> options;
    private readonly CacheInvalidationFeed feed;
    private readonly TimeProvider time;
    private readonly ForwardedHeadersOptions forwarded;
    private readonly Counter<long> answered;

    public HotCopyAnswers(HotCopies copies, IOptions<ReadCacheOptions> options, CacheInvalidationFeed feed, TimeProvider time,
        IOptions<ForwardedHeadersOptions> forwarded, IMeterFactory meters)
    {
        this.copies = copies;
        this.options = options;
        this.feed = feed;
        this.time = time;
        this.forwarded = forwarded.Value;
        answered = meters.Create(MeterName).CreateCounter<long>("nojor.gateway.cached_reads", "{request}",
            "Anonymous reads answered from the gateway's hot copies of its output cache, before ASP.NET Core's hosting layer.");
    }

    public HotCopy? Find(IFeatureCollection features)
    {
        var request = features.GetRequiredFeature<IHttpRequestFeature>();
        return options.Value.Enabled && feed.IsListening && HotCopyRequest.IsCandidate(request)
            ? copies.Find(HotCopyRequest.KeyOf(request))
            : null;
    }

    public Task WriteAsync(IFeatureCollection features, HotCopy copy)
    {
        var request = features.GetRequiredFeature<IHttpRequestFeature>();
        var response = features.GetRequiredFeature<IHttpResponseFeature>();
        var headers = response.Headers;
        foreach (var (name, value) in copy.Headers)
        {
            headers[name] = value;
        }
        headers.ContentLength = copy.Body.Length;
        headers.Age = copy.Age(time.GetTimestamp());
        var requestId = request.Headers[RequestIdMiddleware.HeaderName].ToString();
        headers[RequestIdMiddleware.HeaderName] = RequestIdMiddleware.IsAcceptable(requestId) ? requestId : ActivityTraceId.CreateRandom().ToHexString();
        if (IsHttps(features, request))
        {
            headers.StrictTransportSecurity = SecurityHeaders.StrictTransportSecurity;
        }
        response.StatusCode = StatusCodes.Status200OK;
        answered.Add(1);
        // Straight into Kestrel's output pipe. No RequestAborted (a cancellation source per request): a reader that stops
        // reading is cut off by Kestrel's MinResponseDataRate, which ends the flush this waits on.
        var written = features.GetRequiredFeature<IHttpResponseBodyFeature>().Writer.WriteAsync(copy.Body, CancellationToken.None);
        return written.IsCompletedSuccessfully ? Task.CompletedTask : written.AsTask();
    }

    /// <summary>
    /// Whether the full pipeline would see this request as HTTPS: its own scheme, or the <c>X-Forwarded-Proto</c> of a
    /// peer <see cref="TrustedProxies"/> trusts (the last hop only, as <c>ForwardLimit</c> is 1).
    /// </summary>
    private bool IsHttps(IFeatureCollection features, IHttpRequestFeature request)
    {
        if (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if ((forwarded.ForwardedHeaders & ForwardedHeaders.XForwardedProto) == 0
            || !request.Headers.TryGetValue(ForwardedHeadersDefaults.XForwardedProtoHeaderName, out var protocols)
            || features.Get<IHttpConnectionFeature>()?.RemoteIpAddress is not { } peer
            || !IsTrusted(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer))
        {
            return false;
        }
        var last = protocols.ToString();
        last = last[(last.LastIndexOf(',') + 1)..].Trim();
        return string.Equals(last, "https", StringComparison.OrdinalIgnoreCase);
    }

    // Both lists empty: the deployment vouches for every peer (TrustedProxies.TrustsEveryPeer).
    private bool IsTrusted(IPAddress peer) =>
        (forwarded.KnownProxies.Count == 0 && forwarded.KnownIPNetworks.Count == 0)
        || forwarded.KnownProxies.Contains(peer)
        || forwarded.KnownIPNetworks.Any(network => network.Contains(peer));
}
