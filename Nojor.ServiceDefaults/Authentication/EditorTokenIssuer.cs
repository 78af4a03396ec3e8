using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Nojor.Authentication;

/// <summary>
/// Mints tokens signed with the shared development key, in the spirit of <c>dotnet user-jwts</c>: used by
/// <c>./nojor token</c> and the tests. Production tokens come from the configured OIDC authority instead.
/// </summary>
public static class EditorTokenIssuer
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public static string Issue(EditorAuthenticationOptions options, string subject, IEnumerable<string> roles,
        TimeSpan? lifetime = null, TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject), new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")) };
        claims.AddRange(roles.Select(role => new Claim(EditorAuthentication.RoleClaim, role)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? DefaultLifetime),
            SigningCredentials = new SigningCredentials(options.CreateSigningKey(), SecurityAlgorithms.HmacSha256),
        });
    }
}
