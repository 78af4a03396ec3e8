namespace Nojor.AppHost.Infrastructure;

/// <summary>Redis as a local process: a cache, so nothing is saved to disk, and bounded memory.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class LocalRedis
{
    public static IResourceBuilder<LocalServerResource> Add(LocalInfra local)
    {
        var port = local.Port("RedisPort");
        return local.AddServer(ResourceNames.Cache, local.Program("RedisServer"), port,
                server => ReferenceExpression.Create(
                    $"{server.Endpoint.Property(EndpointProperty.Host)}:{server.Endpoint.Property(EndpointProperty.Port)}"))
            .WithArgs("--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", local.Folder("redis"), "--maxmemory", "128mb", "--maxmemory-policy", "allkeys-lru");
    }
}
