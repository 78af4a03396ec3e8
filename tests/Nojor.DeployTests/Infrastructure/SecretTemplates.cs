using System.Text;

namespace Nojor.DeployTests.Infrastructure;

/// <summary>
/// The Secrets an operator makes with deploy/kubernetes/secrets, rendered from its committed *.example files (the real
/// files are git-ignored and absent here): which Secret declares which key. Plus the one Secret made from a folder,
/// the web app's Data Protection key ring, whose keys are file names.
/// </summary>
internal static class SecretTemplates
{
    public const string Folder = "deploy/kubernetes/secrets";

    /// <summary>Made with kubectl create secret --from-file (docs/deploy.md): any key file name, so no fixed keys.</summary>
    public const string DataProtectionSecret = "nojor-web-dataprotection";

    /// <summary>Optional, made with kubectl create secret (docs/deploy.md): the notification service starts without it.</summary>
    public const string NotificationKeysSecret = "nojor-notification-keys";

    /// <summary>The notification service's VAPID key, made with kubectl create secret --from-file (docs/deploy.md).</summary>
    public const string PushVapidSecret = "nojor-push-vapid";

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> Keys = new(Render);

    /// <summary>Keys each generated Secret declares, by Secret name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> KeysBySecret => Keys.Value;

    public static bool Declares(string secret, string key) =>
        KeysBySecret.TryGetValue(secret, out var keys) && keys.Contains(key);

    public static bool Exists(string secret) =>
        KeysBySecret.ContainsKey(secret) || secret is DataProtectionSecret or NotificationKeysSecret or PushVapidSecret;

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Render()
    {
        var copy = Directory.CreateTempSubdirectory("nojor-secrets-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf(Folder)))
            {
                var name = Path.GetFileName(file);
                // The example becomes the file the kustomization reads, as an operator's copy would.
                File.Copy(file, Path.Combine(copy.FullName, name.EndsWith(".example", StringComparison.Ordinal) ? name[..^".example".Length] : name));
            }
            var manifest = Manifest.Parse(Kustomize.RenderFolder(copy.FullName));
            return manifest.Secrets.ToDictionary(
                s => s.Metadata.Name,
                s => (IReadOnlySet<string>)(s.Data ?? new Dictionary<string, byte[]>())
                    .Where(pair => Encoding.UTF8.GetString(pair.Value).Length > 0)
                    .Select(pair => pair.Key)
                    .ToHashSet(StringComparer.Ordinal));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
