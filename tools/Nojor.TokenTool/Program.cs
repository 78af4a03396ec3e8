using System.ComponentModel.DataAnnotations;
using Nojor.Authentication;

// Mints a bearer token for a local platform, in the spirit of `dotnet user-jwts`:
//   ./nojor token [--role editor|admin|...]... [--subject name] [--hours 8] [--key signing-key]
// The key defaults to $NOJOR_SIGNING_KEY; ./nojor passes the AppHost's editor-signing-key.
var roles = new List<string>();
var subject = Environment.UserName;
var hours = 8.0;
var options = new EditorAuthenticationOptions { SigningKey = Environment.GetEnvironmentVariable("NOJOR_SIGNING_KEY") };

for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--role": roles.Add(Next()); break;
        case "--subject": subject = Next(); break;
        case "--hours": hours = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--key": options.SigningKey = Next(); break;
        case "--issuer": options.Issuer = Next(); break;
        case "--audience": options.Audience = Next(); break;
        default:
            await Console.Error.WriteLineAsync(
                "usage: token [--role editor]... [--subject name] [--hours 8] [--key signing-key] [--issuer nojor-dev] [--audience nojor-api]");
            return 2;
    }
}
if (roles.Count == 0)
{
    roles.Add(EditorAuthentication.EditorRole);
}
var problems = new List<ValidationResult>();
if (!Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
{
    await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems.Select(p => p.ErrorMessage)));
    return 1;
}
Console.WriteLine(EditorTokenIssuer.Issue(options, subject, roles, TimeSpan.FromHours(hours)));
return 0;
