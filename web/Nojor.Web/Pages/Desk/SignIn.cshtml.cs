using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Desk;

namespace Nojor.Web.Pages.Desk;

/// <summary>
/// The desk's front door. In Development a name and a role sign in at once (the token <c>./nojor token</c> would mint,
/// kept in the session cookie); with an OIDC authority configured, the button starts the authorization-code flow.
/// </summary>
public sealed class SignInModel(IServiceProvider services, IOptions<DeskOptions> options) : PageModel
{
    private DevelopmentSignIn? Development => services.GetService<DevelopmentSignIn>();

    public bool DevelopmentSignInAvailable => Development is not null;

    public bool AuthorityAvailable => options.Value.UsesAuthority;

    [BindProperty, Required(ErrorMessage = "Enter the name to sign in as."), StringLength(100, ErrorMessage = "A name has at most 100 characters.")]
    [RegularExpression(@"^[\p{L}\p{N} ._@-]+$", ErrorMessage = "A name uses letters, digits, spaces, dots, dashes, underscores and @.")]
    public string? Name { get; set; } = "editor";

    [BindProperty]
    public string Role { get; set; } = Nojor.Authentication.EditorAuthentication.EditorRole;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Development is not { } development)
        {
            return NotFound();
        }
        if (!DevelopmentSignIn.Roles.Contains(Role))
        {
            ModelState.AddModelError(nameof(Role), "Choose one of the roles offered.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await development.SignInAsync(HttpContext, Name!.Trim(), Role);
        return LocalRedirect(SafeReturnUrl());
    }

    public IActionResult OnPostAuthority() =>
        AuthorityAvailable
            ? Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() }, DeskAuthentication.OidcScheme)
            : NotFound();

    /// <summary>Back to the desk page that asked for the sign-in, and never anywhere else.</summary>
    private string SafeReturnUrl() =>
        ReturnUrl is { } url && Url.IsLocalUrl(url) && new PathString(url.Split('?')[0]).StartsWithSegments(DeskAuthentication.PathPrefix)
            ? url
            : DeskAuthentication.PathPrefix;
}
