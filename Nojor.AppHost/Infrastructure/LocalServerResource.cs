namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// A server run as a local process that also offers a connection string, so services can
/// <c>WithReference</c> and <c>WaitFor</c> it exactly as they would the container resource.
/// </summary>
public sealed class LocalServerResource(string name, string command, string workingDirectory,
    Func<LocalServerResource, ReferenceExpression> connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ReferenceExpression ConnectionStringExpression => connectionString(this);

    public EndpointReference Endpoint => new(this, EndpointName);
}
