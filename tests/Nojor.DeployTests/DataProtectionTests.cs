using Microsoft.AspNetCore.DataProtection;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests;

/// <summary>
/// The web app's replicas share one Data Protection key ring, mounted read-only from a Secret of key files that
/// deploy/kubernetes/secrets/new-dataprotection-key.sh writes. The framework must accept those files as its own.
/// </summary>
public sealed class DataProtectionTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Web_replicas_reading_a_generated_key_ring_read_only_accept_each_others_protected_data()
    {
        var folder = Directory.CreateTempSubdirectory("nojor-keys-");
        try
        {
            Repository.Run("bash", [Repository.PathOf(SecretTemplates.Folder + "/new-dataprotection-key.sh"), "--out", folder.FullName]);
            var keyFiles = Directory.GetFiles(folder.FullName);
            // As the Secret volume is: nothing may be written, so a replica that tried to make its own key would fail.
            File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);

            var first = DataProtectionProvider.Create(folder, b => b.SetApplicationName("nojor-web")).CreateProtector("antiforgery");
            var second = DataProtectionProvider.Create(folder, b => b.SetApplicationName("nojor-web")).CreateProtector("antiforgery");
            var token = first.Protect("reader form token");

            Assert.Equal("reader form token", second.Unprotect(token));
            Assert.Equal(keyFiles, Directory.GetFiles(folder.FullName));
        }
        finally
        {
            File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            folder.Delete(recursive: true);
        }
    }
}
