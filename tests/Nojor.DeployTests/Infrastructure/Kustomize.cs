using System.ComponentModel;

namespace Nojor.DeployTests.Infrastructure;

/// <summary>
/// Renders a kustomization with <c>kubectl kustomize</c>: Debian's kubectl 1.20 (kustomize v2.0.3), which ./nojor test
/// installs where no kubectl is found, or whichever newer kubectl the machine has. Both read the same files.
/// </summary>
internal static class Kustomize
{
    private static readonly Dictionary<string, string> Rendered = [];

    /// <summary>NOJOR_KUBECTL picks another kubectl, e.g. Debian's 1.20 beside a newer one, to render with both.</summary>
    public static string Program => Environment.GetEnvironmentVariable("NOJOR_KUBECTL") is { Length: > 0 } chosen ? chosen : "kubectl";

    /// <summary>The overlay's objects as YAML, rendered once per test run (the tests parse their own copy of it).</summary>
    public static string Render(string kustomizationFolder)
    {
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(kustomizationFolder, out var yaml))
            {
                yaml = RenderFolder(Repository.PathOf(kustomizationFolder));
                Rendered[kustomizationFolder] = yaml;
            }
            return yaml;
        }
    }

    public static string RenderFolder(string absoluteFolder)
    {
        try
        {
            return Repository.Run(Program, ["kustomize", absoluteFolder]);
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException(
                "kubectl is not installed: ./nojor test installs Debian's kubernetes-client (apt-get install kubernetes-client).");
        }
    }
}
