using Nojor.Authentication;

namespace Nojor.UnitTests.Authentication;

/// <summary>The local platform's signing key: one random key per data folder, readable by its owner only.</summary>
public sealed class LocalSigningKeyTests : IDisposable
{
    private readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "nojor-key-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_data_folder_gets_its_own_random_key_on_first_use_and_keeps_it()
    {
        var first = LocalSigningKey.GetOrCreate(_dataRoot);
        var again = LocalSigningKey.GetOrCreate(_dataRoot);
        var elsewhere = LocalSigningKey.GetOrCreate(_dataRoot + "-other");

        Assert.Equal(first, again);
        Assert.NotEqual(first, elsewhere);
        Assert.True(first.Length >= 43, "256 bits of randomness");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LocalSigningKey.PathIn(_dataRoot)));
        }
        Directory.Delete(_dataRoot + "-other", recursive: true);
    }

    [Fact]
    public void A_key_given_explicitly_replaces_the_folders_key_so_tokens_and_services_agree()
    {
        LocalSigningKey.GetOrCreate(_dataRoot);
        var file = LocalSigningKey.Keep(_dataRoot, "a-test-chosen-key-of-sufficient-length-0123");

        Assert.Equal("a-test-chosen-key-of-sufficient-length-0123", LocalSigningKey.Read(file));
    }

    [Fact]
    public void The_key_once_committed_to_the_repository_is_refused()
    {
        Directory.CreateDirectory(_dataRoot);
        File.WriteAllText(LocalSigningKey.PathIn(_dataRoot), "nojor-local-development-signing-key-change-me\n");

        Assert.Throws<InvalidOperationException>(() => LocalSigningKey.GetOrCreate(_dataRoot));
        Assert.Throws<InvalidOperationException>(() => LocalSigningKey.Keep(_dataRoot, "nojor-local-development-signing-key-change-me"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }
}
