using System.Buffers;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Nojor.MailSink;

/// <summary>The SMTP side: listens on 127.0.0.1 only, accepts any sender, and keeps every message in the folder.</summary>
public sealed partial class SmtpSink(MailFolder folder, IOptions<MailSinkOptions> options, ILogger<SmtpSink> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var port = options.Value.SmtpPort;
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName("nojor-mail-sink")
            .Endpoint(endpoint => endpoint.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new FolderStore(folder));
        // A reserved domain answered with a permanent refusal (550), for trying the bounce path.
        // Both mailboxes of the delivery check are looked at: our sender is never at that domain, so only the recipient can be.
        services.Add(new DelegatingMailboxFilter((IMailbox to, IMailbox from) => !IsRefused(to) && !IsRefused(from)));
        LogListening(logger, port, folder.Root);
        await new SmtpServer.SmtpServer(serverOptions, services).StartAsync(stoppingToken);
    }

    private static bool IsRefused(IMailbox mailbox) =>
        string.Equals(mailbox.Host, MailSinkOptions.RefusedDomain, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail sink: SMTP on 127.0.0.1:{Port}, messages kept in {Folder}")]
    private static partial void LogListening(ILogger logger, int port, string folder);

    private sealed class FolderStore(MailFolder folder) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await folder.SaveAsync([.. transaction.To.Select(to => to.AsAddress())], buffer.ToArray(), cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}
