using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>What every desk form page shares: the refusal to show (the service's own words) and its errors by field.</summary>
public abstract class DeskPage : PageModel
{
    public string? ErrorMessage { get; protected set; }

    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? ErrorFor(string field) => FieldErrors.TryGetValue(field, out var error) ? error : null;

    /// <summary>Shows a service's refusal on the page with its status code (a 5xx never gets here: it is the error page's).</summary>
    protected void Show(ApiProblem problem)
    {
        ErrorMessage = problem.Message;
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            FieldErrors[field] = string.Join(" ", messages);
        }
        if (FieldErrors.Count > 0 && problem.Detail is null)
        {
            ErrorMessage = "The report could not be saved: correct what is marked below.";
        }
        Response.StatusCode = problem.Status;
    }

    protected void Show(Dictionary<string, string> errors)
    {
        foreach (var (field, message) in errors)
        {
            FieldErrors[field] = message;
        }
        ErrorMessage = "The report could not be saved: correct what is marked below.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
