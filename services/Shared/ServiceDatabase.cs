using Npgsql;

namespace Nojor.Hosting;

/// <summary>Linked into each service: the connection string its DbContext uses, with the settings every service wants.</summary>
internal static class ServiceDatabase
{
    private const int AutoPreparedStatements = 64;

    /// <summary>
    /// The named connection string with automatic preparation on: the statements a service runs over and over (outbox
    /// claims, inbox checks, leases, reads by key) are parsed and planned once per connection instead of on every call,
    /// which on a small machine is CPU taken from every hop between a write and its webhook. A setting already in the
    /// connection string wins.
    /// </summary>
    public static string? ConnectionString(IConfiguration configuration, string name)
    {
        var configured = configuration.GetConnectionString(name);
        if (string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }
}
