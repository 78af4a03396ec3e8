using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Nojor.Gateway.Tracing;
using Nojor.ReadCache;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Runs just before the output cache: for a request a hot copy could answer and none holds, it keeps a copy of the bytes
/// going out, and stores it in <see cref="HotCopies"/> when the output cache stored the same answer (its policy said so
/// through <see cref="HotCopyPending"/>, with the entry's tags and lifetime). Every later such request is answered by
/// <see cref="HotCopyAnswers"/> beneath hosting, until the output cache's entry would have gone. It also marks where every
/// request the output cache may store begins (<see cref="HotCopies.MarkRequestStart"/>), for <see cref="HotCopyEvictingStore"/>.
/// </summary>
internal sealed class HotCopyCapture(RequestDelegate next, HotCopies copies, IOptions<ReadCacheOptions> options, CacheInvalidationFeed feed)
{
    /// <summary>Larger answers are not copied (the web app's pages and the reports are tens of kilobytes).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Made per request, so they are not kept in a copy: the rest is what every reader of the copy gets.</summary>
    private static readonly HashSet<string> PerRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Server, HeaderNames.Age, HeaderNames.ContentLength, HeaderNames.TransferEncoding,
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.SetCookie, HeaderNames.StrictTransportSecurity,
        RequestIdMiddleware.HeaderName,
    };

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<IHttpRequestFeature>();
        if (!options.Value.Enabled || !HasOutputCachePolicy(context))
        {
            await next(context);
            return;
        }
        // Whatever the output cache stores for this request is checked against the evictions from now on.
        copies.MarkRequestStart();
        if (!feed.IsListening || !HotCopyRequest.IsCandidate(request))
        {
            await next(context);
            return;
        }
        var key = HotCopyRequest.KeyOf(request);
        if (copies.Contains(key))
        {
            await next(context);
            return;
        }

        var generation = copies.Generation;
        var pending = new HotCopyPending();
        context.Features.Set(pending);
        var body = context.Response.Body;
        using var capture = new CapturingStream(body, MaxBodyBytes);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Features.Set<HotCopyPending>(null);
        }

        var response = context.Response;
        if (pending.Tags is { } tags && response.StatusCode == StatusCodes.Status200OK && capture.Complete(response.ContentLength)
            && !context.RequestAborted.IsCancellationRequested)
        {
            KeyValuePair<string, StringValues>[] headers = [.. response.Headers.Where(h => !PerRequestHeaders.Contains(h.Key)
                && !h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))];
            copies.TryAdd(key, headers, capture.ToArray(), tags, pending.ValidFor, generation);
        }
    }

    /// <summary>
    /// Only routes the output cache may store are worth copying: a list, a stream of alerts or a page under no policy
    /// would be copied on every request for nothing (a stream for as long as it stays open).
    /// </summary>
    private static bool HasOutputCachePolicy(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
        && (metadata.GetMetadata<OutputCacheAttribute>() is not null || metadata.GetMetadata<IOutputCachePolicy>() is not null);
}

/// <summary>
/// Set by <see cref="HotCopyCapture"/> while a request runs; filled in by <see cref="SharedCacheRules.LimitToOrigin"/>
/// when the output cache keeps the answer.
/// </summary>
internal sealed class HotCopyPending
{
    public string[]? Tags { get; private set; }

    public TimeSpan ValidFor { get; private set; }

    public void Stored(IEnumerable<string> tags, TimeSpan validFor)
    {
        Tags = [.. tags];
        ValidFor = validFor;
    }
}

/// <summary>Passes every write on and keeps a copy of the first <c>limit</c> bytes.</summary>
internal sealed class CapturingStream(Stream inner, int limit) : Stream
{
    private readonly MemoryStream copy = new();
    private bool overflowed;

    /// <summary>Whether the copy holds the whole body (and all of it, where the answer declared its length).</summary>
    public bool Complete(long? contentLength) => !overflowed && (contentLength is null || contentLength == copy.Length);

    public byte[] ToArray() => copy.ToArray();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            copy.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (overflowed)
        {
            return;
        }
        if (copy.Length + bytes.Length > limit)
        {
            overflowed = true;
            return;
        }
        copy.Write(bytes);
    }
}
