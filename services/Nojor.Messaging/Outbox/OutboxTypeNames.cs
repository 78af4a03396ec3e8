using System.Collections.Concurrent;

namespace Nojor.Messaging.Outbox;

/// <summary>Maps event types to the stable names stored in outbox rows and back.</summary>
internal static class OutboxTypeNames
{
    private static readonly ConcurrentDictionary<string, Type> Cache = new();

    // "Namespace.Type, Assembly": survives assembly version bumps, unlike AssemblyQualifiedName.
    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Cache.GetOrAdd(name, n => Type.GetType(n, throwOnError: false)
            ?? throw new InvalidOperationException($"Outbox message type '{n}' cannot be resolved."));
}
