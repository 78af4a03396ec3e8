namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// Arguments that start the AppHost beside any other run of it: every fixed port becomes a free
/// one, data goes to the given folder and telemetry is not exported (no dashboard runs). The integration tests and the benchmarks use them.
/// </summary>
public static class IsolatedRun
{
    public static string[] Arguments(string dataRoot) =>
    [
        $"--Infra:DataRoot={dataRoot}",
        "--Infra:PostgresPort=0",
        "--Infra:RedisPort=0",
        "--Infra:RabbitPort=0",
        "--Infra:RabbitManagementPort=0",
        "--Infra:EpmdPort=0",
        "--Gateway:Port=0",
        "--Infra:SmtpPort=0",
        "--Infra:MailPort=0",
        // These runs start no dashboard to export to.
        "--Telemetry:Export=false",
    ];
}
