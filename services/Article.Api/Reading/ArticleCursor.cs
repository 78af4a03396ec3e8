using System.Buffers.Binary;
using System.Buffers.Text;

namespace Nojor.Articles.Reading;

/// <summary>
/// Opaque keyset cursor: the (publishedAt, id) of the last report on a page. Pages continue strictly
/// after it in the (publishedAt desc, id desc) order, so reports filed meanwhile never shift a page.
/// </summary>
public readonly record struct ArticleCursor(DateTimeOffset PublishedAt, Guid Id)
{
    private const int Length = 8 + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, PublishedAt.UtcTicks);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? value, out ArticleCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[48];
        if (!Base64Url.IsValid(value, out var size) || size != Length
            || !Base64Url.TryDecodeFromChars(value, bytes, out var written) || written != Length)
        {
            return false;
        }
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        cursor = new ArticleCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..Length], bigEndian: true));
        return true;
    }
}
