using Microsoft.AspNetCore.Http.HttpResults;
using Nojor.Hosting;

namespace Nojor.Feedback.Readers;

/// <summary>The 401s a reader write gets without a usable reader token, saying how to get one.</summary>
internal static class ReaderProblems
{
    public static ProblemHttpResult TokenRequired() => Problems.Unauthorized(
        $"Send the reader token from POST {ReaderEndpoints.Path} in the {ReaderToken.HeaderName} header or cookie.");

    public static ProblemHttpResult TokenExpired() => Problems.Unauthorized(
        $"The reader token has expired. Ask for a new one with POST {ReaderEndpoints.Path}; renew a token before it "
        + $"expires with POST {ReaderEndpoints.RenewPath}.");
}
