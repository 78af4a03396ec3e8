using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Nojor.Notifications.Webhooks;

/// <summary>What an address a webhook would be sent to is, as far as the SSRF rules care.</summary>
public enum TargetKind
{
    /// <summary>A globally routable unicast address: anyone's server on the internet.</summary>
    Public,

    /// <summary>This machine (127.0.0.0/8, ::1): the only non-public target a local run lets through.</summary>
    Loopback,

    /// <summary>
    /// Everything else: private and carrier-grade NAT ranges, link-local (cloud metadata lives there), unique-local IPv6,
    /// multicast, reserved, documentation and benchmarking ranges, and public-looking IPv6 forms that embed one of those.
    /// </summary>
    Internal,
}

/// <summary>
/// Classifies addresses for the webhook SSRF guard. Works on an allow-list for IPv6 (only global unicast 2000::/3 can
/// be public) and on the special-purpose registry for IPv4, and looks through the IPv6 forms that carry an IPv4 address
/// (IPv4-mapped, NAT64, 6to4), so <c>64:ff9b::a9fe:a9fe</c> is seen as the metadata address it reaches.
/// </summary>
public static class WebhookTargetRules
{
    /// <summary>
    /// IPv4 ranges that are never a subscriber's server (IANA special-purpose registry, RFC 6890 and successors).
    /// Loopback is classified before these.
    /// </summary>
    private static readonly (uint Network, int PrefixLength)[] InternalIPv4 =
    [
        (V4(0, 0, 0, 0), 8), // "this network"
        (V4(10, 0, 0, 0), 8), // private
        (V4(100, 64, 0, 0), 10), // carrier-grade NAT; holds 100.100.100.200, Alibaba Cloud's metadata service
        (V4(169, 254, 0, 0), 16), // link-local; holds 169.254.169.254 (AWS, GCP, Azure, OpenStack metadata) and 169.254.170.2 (ECS)
        (V4(172, 16, 0, 0), 12), // private
        (V4(192, 0, 0, 0), 24), // IETF protocol assignments (192.0.0.192 is Oracle Cloud's metadata service)
        (V4(192, 0, 2, 0), 24), // documentation
        (V4(192, 88, 99, 0), 24), // former 6to4 relay anycast
        (V4(192, 168, 0, 0), 16), // private
        (V4(198, 18, 0, 0), 15), // benchmarking
        (V4(198, 51, 100, 0), 24), // documentation
        (V4(203, 0, 113, 0), 24), // documentation
        (V4(224, 0, 0, 0), 4), // multicast
        (V4(240, 0, 0, 0), 4), // reserved, and the broadcast address
    ];

    public static TargetKind Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyIPv4(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return TargetKind.Internal;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return TargetKind.Loopback;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            // ::ffff:a.b.c.d is dialled as a.b.c.d on a dual-stack socket: it is that address, loopback included.
            return ClassifyIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
        }
        if (StartsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]))
        {
            // NAT64, well-known prefix 64:ff9b::/96: the translator dials the embedded IPv4 address. Its loopback is the
            // translator's own, never ours, so anything but a public address is internal.
            return Embedded(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            // 6to4 (2002::/16): the relay forwards to the IPv4 address in bits 16 to 47.
            return Embedded(BinaryPrimitives.ReadUInt32BigEndian(bytes[2..6]));
        }
        if ((bytes[0] & 0xe0) != 0x20)
        {
            // Outside global unicast 2000::/3: unspecified, IPv4-compatible, discard-only, NAT64 local-use
            // 64:ff9b:1::/48, unique-local fc00::/7 (AWS metadata fd00:ec2::254), link-local fe80::/10, site-local,
            // multicast. None of them is a subscriber's server.
            return TargetKind.Internal;
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] <= 0x01)
        {
            // 2001::/23, IETF protocol assignments: Teredo 2001::/32 tunnels to an obfuscated IPv4 address, ORCHID and
            // the other assignments are not reachable servers.
            return TargetKind.Internal;
        }
        if (StartsWith(bytes, [0x20, 0x01, 0x0d, 0xb8]) || (bytes[0] == 0x3f && bytes[1] == 0xff && (bytes[2] & 0xf0) == 0))
        {
            // Documentation prefixes 2001:db8::/32 and 3fff::/20.
            return TargetKind.Internal;
        }
        return TargetKind.Public;
    }

    /// <summary>
    /// Whether a webhook may be sent to <paramref name="address"/>: public addresses always, loopback only when the run
    /// allows it (a local run in Development), anything internal never.
    /// </summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback) => Classify(address) switch
    {
        TargetKind.Public => true,
        TargetKind.Loopback => allowLoopback,
        _ => false,
    };

    private static TargetKind ClassifyIPv4(uint address)
    {
        if (address >> 24 == 127)
        {
            return TargetKind.Loopback;
        }
        foreach (var (network, prefixLength) in InternalIPv4)
        {
            var mask = uint.MaxValue << (32 - prefixLength);
            if ((address & mask) == network)
            {
                return TargetKind.Internal;
            }
        }
        return TargetKind.Public;
    }

    private static TargetKind Embedded(uint address) =>
        ClassifyIPv4(address) == TargetKind.Public ? TargetKind.Public : TargetKind.Internal;

    private static bool StartsWith(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> prefix) => bytes.StartsWith(prefix);

    private static uint V4(byte a, byte b, byte c, byte d) => ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;
}
