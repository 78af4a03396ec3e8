namespace Microsoft.Extensions.DependencyInjection;

public static class DecorateExtensions
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> with a singleton wrapping it: the wrapped
    /// instance is made as the registration said (instance, factory or type). Call after the framework registered it.
    /// </summary>
    public static IServiceCollection DecorateSingleton<TService>(this IServiceCollection services,
        Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"No {typeof(TService).Name} is registered to decorate.");
        services.Remove(registered);
        services.AddSingleton(provider => decorate(provider, (TService)(
            registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
        return services;
    }
}
