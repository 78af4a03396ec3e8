using System.Threading.Channels;
using Nojor.Messaging;

namespace Nojor.UnitTests.Messaging;

public class ChannelBatchesTests
{
    [Fact]
    public async Task Takes_what_has_queued_up_in_batches_of_at_most_the_maximum_until_the_channel_completes()
    {
        var channel = Channel.CreateUnbounded<int>();
        foreach (var item in Enumerable.Range(1, 5))
        {
            channel.Writer.TryWrite(item);
        }
        channel.Writer.Complete();

        var batches = new List<int[]>();
        await foreach (var batch in channel.Reader.ReadBatchesAsync(2))
        {
            batches.Add([.. batch]);
        }

        Assert.Equal([[1, 2], [3, 4], [5]], batches);
    }
}
