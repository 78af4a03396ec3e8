using Microsoft.Extensions.Options;
using MimeKit;

namespace Nojor.MailSink;

/// <summary>One accepted message: its file name (the id), when it arrived, and the envelope recipients.</summary>
public sealed record StoredMail(string Id, DateTimeOffset ReceivedAt, IReadOnlyList<string> To, string Subject, string From);

/// <summary>
/// The folder messages land in, one <c>.eml</c> file each, written whole to a temporary name first so a reader never sees a
/// half-written message. The envelope recipients go into the file name's companion (<c>.rcpt</c>): they are who the server
/// accepted the message for, whatever the headers say.
/// </summary>
public sealed class MailFolder
{
    private readonly string _root;

    public MailFolder(IOptions<MailSinkOptions> options)
    {
        _root = Path.GetFullPath(options.Value.Folder);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task SaveAsync(IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var id = $"{DateTimeOffset.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(_root, id + ".tmp");
        await File.WriteAllBytesAsync(temporary, message.ToArray(), cancellationToken);
        await File.WriteAllLinesAsync(Path.Combine(_root, id + ".rcpt"), recipients, cancellationToken);
        File.Move(temporary, Path.Combine(_root, id + ".eml"));
    }

    /// <summary>The messages, newest first, optionally only those for one recipient (case-insensitive).</summary>
    public IReadOnlyList<StoredMail> List(string? to = null, int limit = 200)
    {
        var found = new List<StoredMail>();
        foreach (var file in Directory.EnumerateFiles(_root, "*.eml").OrderDescending())
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var recipients = File.Exists(Path.Combine(_root, id + ".rcpt")) ? File.ReadAllLines(Path.Combine(_root, id + ".rcpt")) : [];
            if (to is not null && !recipients.Contains(to, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            var headers = HeaderList.Load(file);
            found.Add(new StoredMail(id, File.GetLastWriteTimeUtc(file), recipients, headers[HeaderId.Subject] ?? "", headers[HeaderId.From] ?? ""));
            if (found.Count == limit)
            {
                break;
            }
        }
        return found;
    }

    /// <summary>The file of a message, or null for an id that is not one (no paths: ids are checked against the pattern).</summary>
    public string? PathOf(string id) =>
        id.Length is > 0 and < 80 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && File.Exists(Path.Combine(_root, id + ".eml"))
            ? Path.Combine(_root, id + ".eml")
            : null;
}
