using Npgsql;

namespace Nojor.Hosting;

/// <summary>Linked into each service: the connection string its DbContext uses, with the settings every service wants.</summary>
internal static class ServiceDatabase
{
    private const int AutoPreparedStatements = 64;

    /// <summary>
    /// The named connection string with the settings every service wants:
    /// <list type="bullet">
    /// <item>Automatic preparation: the statements a service runs over and over (outbox claims, inbox checks, leases,
    /// reads by key) are parsed and planned once per connection instead of on every call, which on a small machine is CPU
    /// taken from every hop between a write and its webhook. A setting already in the connection string wins.</item>
    /// <item>No session reset when a connection goes back to the pool: otherwise its next use first runs seven statements
    /// (<c>RESET ALL</c>, <c>UNLISTEN *</c>, <c>pg_advisory_unlock_all()</c>…) to undo session state, and a request or an
    /// event returns a connection two or three times. No service leaves any behind: settings, locks and temporary data
    /// live only as long as a transaction (<c>pg_advisory_xact_lock</c>, never <c>SET</c> or <c>LISTEN</c> outside one).</item>
    /// </list>
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
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
