using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Desk;

namespace Nojor.Web.Pages.Desk;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect(DeskAuthentication.PathPrefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(DeskAuthentication.Scheme);
        return Redirect("/desk/sign-in");
    }
}
