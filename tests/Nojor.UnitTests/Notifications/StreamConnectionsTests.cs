using Microsoft.Extensions.Options;
using Nojor.Notifications.Streams;

namespace Nojor.UnitTests.Notifications;

public sealed class StreamConnectionsTests
{
    [Fact]
    public void An_address_holds_at_most_its_share_of_streams_and_a_closed_one_frees_its_place()
    {
        var connections = new StreamConnections(Options.Create(new StreamOptions { MaxPerClient = 2 }));
        using var first = connections.TryOpen("203.0.113.5");
        var second = connections.TryOpen("203.0.113.5");
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(connections.TryOpen("203.0.113.5"));
        using var elsewhere = connections.TryOpen("198.51.100.5");
        Assert.NotNull(elsewhere);

        second!.Dispose();
        second.Dispose(); // closing twice frees one place, not two
        Assert.Equal(1, connections.OpenBy("203.0.113.5"));
        using var again = connections.TryOpen("203.0.113.5");
        Assert.NotNull(again);
        Assert.Null(connections.TryOpen("203.0.113.5"));
    }

    [Fact]
    public void An_address_whose_streams_all_closed_is_forgotten()
    {
        var connections = new StreamConnections(Options.Create(new StreamOptions { MaxPerClient = 2 }));
        connections.TryOpen("203.0.113.6")!.Dispose();
        Assert.Equal(0, connections.OpenBy("203.0.113.6"));
    }
}
