using System.ComponentModel.DataAnnotations;

namespace Nojor.MailSink;

public sealed class MailSinkOptions
{
    public const string SectionName = "MailSink";

    /// <summary>Recipients at this domain are refused with 550, so the permanent-failure path can be tried locally.</summary>
    public const string RefusedDomain = "refused.invalid";

    /// <summary>The SMTP port, on 127.0.0.1.</summary>
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 2525;

    /// <summary>Where every accepted message is kept as an .eml file.</summary>
    [Required]
    public string Folder { get; set; } = "mail";
}
