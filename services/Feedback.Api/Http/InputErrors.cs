using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Nojor.Hosting;

namespace Nojor.Feedback.Http;

/// <summary>Collects field errors of one request and turns them into a single 400 validation problem.</summary>
internal sealed class InputErrors
{
    public const int TextMaxLength = 5000;
    public const int EmailMaxLength = 254;
    public const int UrlMaxLength = 2048;

    // Created on the first error: a valid request, the usual case, allocates none.
    private Dictionary<string, string[]>? _errors;

    public bool Any => _errors is not null;

    public InputErrors Add(string field, string message)
    {
        (_errors ??= [])[field] = [message];
        return this;
    }

    public InputErrors RequireText(string field, string? value, int maxLength = TextMaxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, $"{field} is required.");
        }
        return value.Length > maxLength ? Add(field, $"{field} has at most {maxLength} characters.") : this;
    }

    public InputErrors OptionalText(string field, string? value, int maxLength)
    {
        return value is not null && value.Length > maxLength ? Add(field, $"{field} has at most {maxLength} characters.") : this;
    }

    public InputErrors OptionalEmail(string field, string? value)
    {
        if (value is null)
        {
            return this;
        }
        var valid = value.Length <= EmailMaxLength && MailAddress.TryCreate(value, out var address) && address.Address == value
            && address.Host.Contains('.', StringComparison.Ordinal);
        return valid ? this : Add(field, $"{field} is not a valid email address.");
    }

    public InputErrors OptionalHttpUrl(string field, string? value)
    {
        if (value is null)
        {
            return this;
        }
        var valid = value.Length <= UrlMaxLength && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
        return valid ? this : Add(field, $"{field} must be an absolute http or https address.");
    }

    public InputErrors RequireEnum<TEnum>(string field, string? value, out TEnum parsed) where TEnum : struct, Enum
    {
        if (EnumNames.TryParse(value, out parsed))
        {
            return this;
        }
        return Add(field, $"{field} is one of {string.Join(", ", EnumNames.All<TEnum>())}.");
    }

    public ValidationProblem ToProblem() => Problems.Validation(_errors ?? []);
}
