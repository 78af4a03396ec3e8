using System.Security.Cryptography;

namespace Nojor.Authentication;

/// <summary>
/// The editors' signing key of a local platform: one random key per data folder, kept in a file only its owner can
/// read. The AppHost hands the file to the gateway and the services (<c>EditorAuth:SigningKeyFile</c>), and
/// <c>./nojor token</c> signs with the same file, so no key has to live in the repository.
/// Linked into the AppHost, which references nothing else of the service defaults.
/// </summary>
public static class LocalSigningKey
{
    public const string FileName = "editor-signing-key";

    /// <summary>
    /// Keys that were once committed to the repository: anyone with a copy can mint admin tokens with them, so they are
    /// refused wherever they turn up.
    /// </summary>
    public static readonly IReadOnlySet<string> RetiredKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "nojor-local-development-signing-key-change-me",
    };

    public static string PathIn(string dataRoot) => Path.Combine(dataRoot, FileName);

    /// <summary>The key kept in <paramref name="dataRoot"/>, generated on first use.</summary>
    public static string GetOrCreate(string dataRoot) => Read(Ensure(dataRoot));

    /// <summary>The file of <paramref name="dataRoot"/>'s key, generated on first use and checked.</summary>
    public static string Ensure(string dataRoot)
    {
        var path = PathIn(dataRoot);
        if (!File.Exists(path))
        {
            // 256 random bits, as text (the services read the key as UTF-8 text, like NOJOR_SIGNING_KEY).
            TryCreate(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        }
        Read(path);
        return path;
    }

    /// <summary>Keeps <paramref name="key"/> (one chosen explicitly, e.g. by a test) as the key of <paramref name="dataRoot"/>.</summary>
    public static string Keep(string dataRoot, string key)
    {
        Refuse(key);
        var path = PathIn(dataRoot);
        if (!File.Exists(path) || File.ReadAllText(path).Trim() != key)
        {
            File.Delete(path);
            TryCreate(path, key);
        }
        return path;
    }

    public static string Read(string path)
    {
        var key = File.ReadAllText(path).Trim();
        Refuse(key);
        return key;
    }

    private static void Refuse(string key)
    {
        if (RetiredKeys.Contains(key))
        {
            throw new InvalidOperationException(
                "The editor signing key is the development key that was once committed to the repository; anyone can sign with it. " +
                $"Delete the '{FileName}' file of the data folder (a new key is generated) or pass another key.");
        }
    }

    private static void TryCreate(string path, string key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(key);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (./nojor token, a second AppHost) created it first: theirs is the key.
        }
    }
}
