namespace Nojor.Messaging;

/// <summary>
/// Which running process of a service did something, recorded on handled messages (and, in the notification service, on
/// alerts and delivery attempts) so operators (and the multi-instance tests) can see how the instances shared the work.
/// Host name and process id: the host is the pod or machine, the process id tells restarts and side-by-side processes
/// on one host apart.
/// </summary>
public static class ServiceInstance
{
    public const int MaxLength = 128;

    public static string Name { get; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}");

    private static string Truncate(string name) => name.Length > MaxLength ? name[^MaxLength..] : name;
}
