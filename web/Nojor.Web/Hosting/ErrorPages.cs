namespace Nojor.Web.Hosting;

public static class ErrorPages
{
    /// <summary>Where unhandled exceptions are rendered (the page answers 503 for an unreachable service, else 500).</summary>
    public const string ExceptionPath = "/error";

    /// <summary>Where bare status codes (404, 400, 405...) are rendered, with the code in the query.</summary>
    public const string StatusPath = "/error";
}
