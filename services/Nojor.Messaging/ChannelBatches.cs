using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Nojor.Messaging;

public static class ChannelBatches
{
    /// <summary>
    /// Waits for the first item, then takes whatever else has queued up meanwhile, up to <paramref name="maxCount"/>:
    /// a lone item goes at once, a crowd in batches. Ends when the channel completes; cancellation throws.
    /// The list is reused between batches: finish with one before asking for the next.
    /// </summary>
    public static async IAsyncEnumerable<List<T>> ReadBatchesAsync<T>(this ChannelReader<T> reader, int maxCount,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = new List<T>();
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < maxCount && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            yield return batch;
        }
    }
}
