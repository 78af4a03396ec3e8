using Microsoft.AspNetCore.Mvc.Filters;

namespace Nojor.Web.Readers;

/// <summary>
/// Renews a returning reader's token on any page they open once it is past half its lifetime (see
/// <see cref="ReaderSession"/>), before the page talks to the feedback service with it. Pages only: static files and
/// health probes never carry the work.
/// </summary>
public sealed class ReaderTokenRenewal(ReaderSession reader) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        await reader.RenewIfDueAsync(context.HttpContext.RequestAborted);
        await next();
    }
}
