using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Nojor.EarlyAnswers;

/// <summary>The registered server (Kestrel), with <see cref="EarlyAnswerApplication{TContext, TAnswer}"/> put between it and hosting.</summary>
public sealed class EarlyAnswerServer<TAnswer>(IServer server, IEarlyAnswers<TAnswer> answers) : IServer
    where TAnswer : class
{
    public IFeatureCollection Features => server.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull =>
        server.StartAsync(new EarlyAnswerApplication<TContext, TAnswer>(application, answers), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public void Dispose() => server.Dispose();
}

public static class EarlyAnswerExtensions
{
    /// <summary>
    /// Puts <typeparamref name="TAnswers"/> (a singleton, also registered as itself) in front of the registered server,
    /// so its requests are answered early. Call after the web host has registered its server.
    /// </summary>
    public static IServiceCollection AddEarlyAnswers<TAnswer, TAnswers>(this IServiceCollection services)
        where TAnswer : class
        where TAnswers : class, IEarlyAnswers<TAnswer>
    {
        services.AddSingleton<TAnswers>();
        return services.DecorateSingleton<IServer>((provider, server) =>
            new EarlyAnswerServer<TAnswer>(server, provider.GetRequiredService<TAnswers>()));
    }
}
