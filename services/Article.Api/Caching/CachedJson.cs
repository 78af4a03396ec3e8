using System.ComponentModel;
using System.IO.Hashing;

namespace Nojor.Articles.Caching;

/// <summary>
/// A response body as UTF-8 JSON bytes with its strong ETag. Cached as is and written straight to the
/// response, so a cache hit costs no serialisation. Immutable, so HybridCache hands out the same instance.
/// </summary>
[ImmutableObject(true)]
public sealed record CachedJson(byte[] Utf8Json, string ETag)
{
    /// <summary>An ETag from the bytes themselves, for representations (lists) with no version of their own.</summary>
    public static CachedJson WithContentTag(byte[] utf8Json) =>
        new(utf8Json, $"\"{XxHash64.HashToUInt64(utf8Json):x16}\"");
}
