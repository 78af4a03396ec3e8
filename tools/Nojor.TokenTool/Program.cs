using System.ComponentModel.DataAnnotations;
using Nojor.Authentication;

// Mints a bearer token for a local platform, in the spirit of `dotnet user-jwts`:
//   ./nojor token [--role editor|admin|...]... [--subject name] [--hours 8] [--key-file path | --key signing-key]
// The key is $NOJOR_SIGNING_KEY when set, else the data folder's key file (./nojor passes .nojor/data/editor-signing-key,
// created on first use, the same file the AppHost hands to the gateway and the services).
var roles = new List<string>();
var subject = Environment.UserName;
var hours = 8.0;
var options = new EditorAuthenticationOptions { SigningKey = Environment.GetEnvironmentVariable("NOJOR_SIGNING_KEY") };
string? keyFile = null;

for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--role": roles.Add(Next()); break;
        case "--subject": subject = Next(); break;
        case "--hours": hours = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--key": options.SigningKey = Next(); break;
        case "--key-file": keyFile = Next(); break;
        case "--issuer": options.Issuer = Next(); break;
        case "--audience": options.Audience = Next(); break;
        default:
            await Console.Error.WriteLineAsync(
                "usage: token [--role editor]... [--subject name] [--hours 8] [--key-file path | --key signing-key] [--issuer nojor-dev] [--audience nojor-api]");
            return 2;
    }
}
if (roles.Count == 0)
{
    roles.Add(EditorAuthentication.EditorRole);
}
if (string.IsNullOrEmpty(options.SigningKey) && keyFile is not null)
{
    var path = Path.GetFullPath(keyFile);
    // A data folder's key is created on first use, by the AppHost or here: either way it is the key the platform runs with.
    options.SigningKeyFile = Path.GetFileName(path) == LocalSigningKey.FileName ? LocalSigningKey.Ensure(Path.GetDirectoryName(path)!) : path;
}
// The platform refuses tokens living longer than its cap; one it would refuse is no use.
if (hours <= 0 || TimeSpan.FromHours(hours) > options.MaxTokenLifetime)
{
    await Console.Error.WriteLineAsync($"--hours runs up to {options.MaxTokenLifetime.TotalHours:0.#}: the platform refuses tokens valid for longer.");
    return 1;
}
var problems = new List<ValidationResult>();
if (!Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
{
    await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems.Select(p => p.ErrorMessage)));
    return 1;
}
Console.WriteLine(EditorTokenIssuer.Issue(options, subject, roles, TimeSpan.FromHours(hours)));
return 0;
