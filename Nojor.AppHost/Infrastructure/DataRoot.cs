namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// Where a run keeps what it must find again next time: local servers' data and the editors' signing key.
/// <c>Infra:DataRoot</c>, relative paths taken from the repository root; empty gives a throw-away folder per run.
/// </summary>
public static class DataRoot
{
    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Infra:DataRoot"];
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetTempPath(), "nojor-infra", Guid.NewGuid().ToString("N")[..8])
            : Path.GetFullPath(configured, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..")));
        Directory.CreateDirectory(root);
        return root;
    }
}
