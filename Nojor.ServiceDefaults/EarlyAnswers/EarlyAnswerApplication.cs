using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Nojor.EarlyAnswers;

/// <summary>
/// Wraps ASP.NET Core's hosting application, which Kestrel calls for every request: a request
/// <see cref="IEarlyAnswers{TAnswer}"/> finds an answer for is written here; every other one is handed to hosting unchanged.
/// </summary>
public sealed class EarlyAnswerApplication<TContext, TAnswer>(IHttpApplication<TContext> hosting, IEarlyAnswers<TAnswer> answers)
    : IHttpApplication<EarlyAnswerContext<TContext, TAnswer>>
    where TContext : notnull
    where TAnswer : class
{
    public EarlyAnswerContext<TContext, TAnswer> CreateContext(IFeatureCollection contextFeatures) =>
        answers.Find(contextFeatures) is { } answer
            ? EarlyAnswerContext<TContext, TAnswer>.Answered(contextFeatures, answer)
            : EarlyAnswerContext<TContext, TAnswer>.Hosted(hosting.CreateContext(contextFeatures));

    public Task ProcessRequestAsync(EarlyAnswerContext<TContext, TAnswer> context) =>
        context.Answer is { } answer
            ? answers.WriteAsync(context.Features!, answer)
            : hosting.ProcessRequestAsync(context.HostingContext!);

    public void DisposeContext(EarlyAnswerContext<TContext, TAnswer> context, Exception? exception)
    {
        if (context.HostingContext is { } hostingContext)
        {
            hosting.DisposeContext(hostingContext, exception);
        }
    }
}

/// <summary>A request answered early (its features and answer), or hosting's own context for it.</summary>
public sealed class EarlyAnswerContext<TContext, TAnswer>
    where TContext : notnull
    where TAnswer : class
{
    private EarlyAnswerContext(TContext? hostingContext, IFeatureCollection? features, TAnswer? answer)
    {
        HostingContext = hostingContext;
        Features = features;
        Answer = answer;
    }

    public TContext? HostingContext { get; }

    public IFeatureCollection? Features { get; }

    public TAnswer? Answer { get; }

    public static EarlyAnswerContext<TContext, TAnswer> Answered(IFeatureCollection features, TAnswer answer) => new(default, features, answer);

    public static EarlyAnswerContext<TContext, TAnswer> Hosted(TContext hostingContext) => new(hostingContext, null, null);
}
