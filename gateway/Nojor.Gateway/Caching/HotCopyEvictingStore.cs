using Microsoft.AspNetCore.OutputCaching;

namespace Nojor.Gateway.Caching;

/// <summary>
/// The output cache's store, with every eviction by tag also applied to <see cref="HotCopies"/>: whatever drops an entry
/// (an article event, an editor's write, the event feed starting over) drops its hot copy in the same call. An answer
/// whose request saw an eviction while it was on its way is not kept: it may be the version the eviction was for.
/// </summary>
internal sealed class HotCopyEvictingStore(IOutputCacheStore inner, HotCopies copies) : IOutputCacheStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        copies.EvictByTag(tag);
        return inner.EvictByTagAsync(tag, cancellationToken);
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (copies.EvictedSinceRequestStart)
        {
            return;
        }
        await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        // An eviction that ran while the entry was going in may have missed it. The store cannot drop one key, so the
        // entry's tags go again: it happens only in that short window, and what else they drop is filled afresh.
        if (copies.EvictedSinceRequestStart && tags is not null)
        {
            foreach (var tag in tags)
            {
                await inner.EvictByTagAsync(tag, cancellationToken);
            }
        }
    }

    /// <summary>Wraps the registered store (call after <c>AddOutputCache</c>).</summary>
    public static void Decorate(IServiceCollection services) =>
        services.DecorateSingleton<IOutputCacheStore>((provider, store) => new HotCopyEvictingStore(store, provider.GetRequiredService<HotCopies>()));
}
