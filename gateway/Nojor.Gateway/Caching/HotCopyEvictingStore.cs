using Microsoft.AspNetCore.OutputCaching;

namespace Nojor.Gateway.Caching;

/// <summary>
/// The output cache's store, with every eviction by tag also applied to <see cref="HotCopies"/>: whatever drops an entry
/// (an article event, an editor's write, the event feed starting over) drops its hot copy in the same call.
/// </summary>
internal sealed class HotCopyEvictingStore(IOutputCacheStore inner, HotCopies copies) : IOutputCacheStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        copies.EvictByTag(tag);
        return inner.EvictByTagAsync(tag, cancellationToken);
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        inner.SetAsync(key, value, tags, validFor, cancellationToken);

    /// <summary>Wraps the registered store (call after <c>AddOutputCache</c>).</summary>
    public static void Decorate(IServiceCollection services) =>
        services.DecorateSingleton<IOutputCacheStore>((provider, store) => new HotCopyEvictingStore(store, provider.GetRequiredService<HotCopies>()));
}
