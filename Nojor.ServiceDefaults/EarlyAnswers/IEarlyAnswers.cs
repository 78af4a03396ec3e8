using Microsoft.AspNetCore.Http.Features;

namespace Nojor.EarlyAnswers;

/// <summary>
/// Requests a server answers from memory beneath ASP.NET Core's hosting layer (<see cref="EarlyAnswerServer{TAnswer}"/>),
/// on Kestrel's own features: no <c>HttpContext</c>, log scope, request Activity or request-duration metric is made for
/// them, which cost far more than a read held in memory (bench/results/article-read.md). Everything else goes to hosting.
/// </summary>
/// <typeparam name="TAnswer">What a found answer carries from <see cref="Find"/> to <see cref="WriteAsync"/>.</typeparam>
public interface IEarlyAnswers<TAnswer>
    where TAnswer : class
{
    /// <summary>The answer to this request, or null to let hosting answer it. Must not block or throw.</summary>
    TAnswer? Find(IFeatureCollection features);

    /// <summary>Writes <paramref name="answer"/>: status, headers and body, on the request's features.</summary>
    Task WriteAsync(IFeatureCollection features, TAnswer answer);
}
