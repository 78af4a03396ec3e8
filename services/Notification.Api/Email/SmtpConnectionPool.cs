using System.Threading.Channels;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Nojor.Notifications.Email;

/// <summary>
/// Keeps up to <c>Email:MaxConnections</c> SMTP connections open and reuses them between messages: the TCP, TLS and
/// authentication handshakes are paid once per connection, not once per message, which is what bounds a fan-out to
/// thousands of addresses. A connection that broke is dropped and a new one opened.
/// </summary>
public sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly Channel<SmtpClient> _idle = Channel.CreateUnbounded<SmtpClient>();
    private readonly SemaphoreSlim _slots;
    private readonly IOptions<EmailOptions> _options;

    public SmtpConnectionPool(IOptions<EmailOptions> options)
    {
        _options = options;
        _slots = new SemaphoreSlim(options.Value.MaxConnections, options.Value.MaxConnections);
    }

    /// <summary>
    /// Sends one message on a pooled connection. A reused connection the server has closed meanwhile (idle timeout) is
    /// replaced and the message sent once more on a fresh one; any other failure is the caller's to classify.
    /// </summary>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        SmtpClient? client = null;
        try
        {
            var reused = _idle.Reader.TryRead(out client);
            client ??= new SmtpClient();
            try
            {
                await SendOnAsync(client, message, cancellationToken);
            }
            catch (Exception ex) when (reused && ex is ServiceNotConnectedException or IOException or SmtpProtocolException)
            {
                client.Dispose();
                client = new SmtpClient();
                await SendOnAsync(client, message, cancellationToken);
            }
            _idle.Writer.TryWrite(client);
            client = null;
        }
        finally
        {
            if (client is not null)
            {
                // Broken or refused mid-conversation: the connection's state is unknown, so it is not reused.
                await DisconnectQuietlyAsync(client);
            }
            _slots.Release();
        }
    }

    private async Task SendOnAsync(SmtpClient client, MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = _options.Value.Smtp;
        if (!client.IsConnected)
        {
            client.Timeout = (int)smtp.Timeout.TotalMilliseconds;
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }
        }
        await client.SendAsync(message, cancellationToken);
    }

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(true, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or MailKit.ProtocolException or ServiceNotConnectedException)
        {
            // Already gone; closing is all that was wanted.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _idle.Writer.TryComplete();
        while (_idle.Reader.TryRead(out var client))
        {
            await DisconnectQuietlyAsync(client);
        }
        _slots.Dispose();
    }
}
