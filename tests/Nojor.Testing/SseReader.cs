namespace Nojor.Testing;

/// <summary>Reads Server-Sent Events from a response stream, skipping heartbeat comments.</summary>
public sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<SseReader> ConnectAsync(HttpClient client, string path, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // The refusal's problem details say why (a limit, the service unreachable): worth more than the bare status.
            Assert.Fail($"The stream was refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The server writes a comment at once; reading it proves the gateway passes bytes through unbuffered.
        using var first = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.StartsWith(":", await reader.ReadLineAsync(first.Token));
        return new SseReader(response, reader);
    }

    public async Task<(string Id, string Event, string Data)> NextEventAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await NextEventAsync(cts.Token);
    }

    /// <summary>The next event (heartbeat comments skipped), until <paramref name="cancellation"/> gives up on it.</summary>
    public async Task<(string Id, string Event, string Data)> NextEventAsync(CancellationToken cancellation)
    {
        string id = "", type = "", data = "";
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellation) ?? throw new Xunit.Sdk.XunitException("The stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (id, type, data);
                }
                continue;
            }
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
