// Feedback ingest benchmark: starts the whole platform on free loopback ports (as the integration tests do),
// sends beta feedback through the gateway from many concurrent connections for a bounded time, cuts the run
// off mid-flight, then checks that every submission answered 2xx is in the feedback database.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Nojor;
using Nojor.Testing;
using Nojor.Testing.Benchmarks;
using Npgsql;

var duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("DURATION_SECONDS") ?? "20", CultureInfo.InvariantCulture));
// Long enough for tiered JIT and dynamic PGO to settle on 2 busy cores. A profile of a 5 s warm-up still showed the JIT in the
// measured window; after 10 s the feedback service was still compiling hundreds of methods a second (DOTNET_JitStdOutFile)
// and the JIT took a quarter of its CPU. 15 s and 45 s gave the same rate (2026-11-30).
var warmup = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("WARMUP_SECONDS") ?? "15", CultureInfo.InvariantCulture));
var concurrency = int.Parse(Environment.GetEnvironmentVariable("CONCURRENCY") ?? "64", CultureInfo.InvariantCulture);
// The AppHost points every service's OTLP exporter at the dashboard, which an isolated run does not start: the services
// would serialize every span, log and metric and retry sending them to a port nothing listens on. No collector, no export.
var exportTelemetry = Environment.GetEnvironmentVariable("EXPORT_TELEMETRY") == "1";
var resultsPath = args.Length > 0 ? args[0] : "feedback-ingest.md";
// One start can cost much more than the next for the same code (where the scheduler puts the processes, what the JIT saw
// first): each start is measured on its own and the report leads with the medians.
var starts = int.Parse(Environment.GetEnvironmentVariable("STARTS") ?? "3", CultureInfo.InvariantCulture);
const double Target = 5_000;

List<StartResult> results = [];
for (var start = 1; start <= starts; start++)
{
    results.Add(await MeasureStartAsync(start));
}
var missingInAll = results.Sum(r => r.Missing);
var processes = results.SelectMany(r => r.Cpu.Keys).Distinct()
    .Select(name => (Name: name, Ms: Median(r => r.CpuMsPerSubmission(name))))
    .Where(p => p.Ms >= 0.002).OrderByDescending(p => p.Ms).ToList();
var perSecond = Median(r => r.PerSecond);

var report = new StringBuilder()
    .AppendLine("# Feedback ingest benchmark")
    .AppendLine()
    .AppendLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName}: {Environment.ProcessorCount} cores "
        + $"({BenchReport.CpuModel()}), {BenchReport.MemoryGb()} GB RAM; {starts} platform start(s), each measured on its own.")
    .AppendLine()
    .AppendLine("`bash bench/feedback-ingest/run.sh` (Release build) starts the whole platform with Aspire.Hosting.Testing on free loopback ports "
        + "and local PostgreSQL, Redis and RabbitMQ, exactly as the integration tests do, then POSTs beta feedback "
        + $"(`POST /api/feedback`, about 80 bytes of JSON) through the gateway from {concurrency} concurrent connections for "
        + $"{duration.TotalSeconds:0} s after a {warmup.TotalSeconds:0} s warm-up. At the deadline every request still in flight is cancelled "
        + "(the run is cut off, not drained), then every accepted id is looked up in `beta_feedback`. It does so `STARTS` times "
        + $"(default 3), each time on a freshly started platform; the local PostgreSQL runs durable, as a production server does "
        + "(`fsync` and `full_page_writes` on, the AppHost's setting).")
    .AppendLine()
    .AppendLine("The per-address and per-reader rate limits are raised for the run (`Feedback__RateLimits__PerIpPermits` and "
        + "`PerReaderPermits` set to 10⁹ on the feedback service), since all load comes from one loopback address; with the defaults "
        + "(600 writes a minute per address) it would be throttled to 10/s with 429s. "
        + (exportTelemetry
            ? "Telemetry export was on (`EXPORT_TELEMETRY=1`): the services send OTLP to the dashboard endpoint the AppHost configures, "
                + "which an isolated run does not start, so every export fails and is retried."
            : "Telemetry export is off (no collector runs in an isolated run; the AppHost's OTLP endpoint would be the dashboard, "
                + "which the test host does not start): spans are still created, not serialized and sent. `EXPORT_TELEMETRY=1` keeps it on."))
    .AppendLine()
    .AppendLine($"| Measure (median of {starts} start(s)) | Value |")
    .AppendLine("|---|---|")
    .AppendLine($"| **Accepted per second through the gateway** | **{perSecond:N0}** (target ≥ {Target:N0}: {(perSecond >= Target ? "met" : "missed")}) |")
    .AppendLine($"| Latency of accepted requests p50 / p95 / p99 | {Median(r => r.Load.Percentile(0.50)):0.0} / {Median(r => r.Load.Percentile(0.95)):0.0} / {Median(r => r.Load.Percentile(0.99)):0.0} ms |")
    .AppendLine($"| **Accepted but missing from the database, all starts** | **{missingInAll}** |")
    .AppendLine($"| Refused (non-2xx), all starts | {Refused()} |")
    .AppendLine($"| Transport errors, all starts | {results.Sum(r => r.Load.Errors)} |")
    .AppendLine($"| PostgreSQL write transactions per accepted submission (whole server: ingest, outbox relay, consumers) | {Median(r => r.WritesPerSubmission):0.000} |")
    .AppendLine()
    .AppendLine("Each start:")
    .AppendLine()
    .AppendLine("| Start | Load average before | Accepted | Per second | p50 / p99 ms | Missing | Cut off in flight / committed but unanswered | Outbox events not yet relayed at the end | ms CPU per submission, all processes |")
    .AppendLine("|---|---|---|---|---|---|---|---|---|")
    .Append(string.Concat(results.Select(r =>
        $"| {r.Number} ({r.At:HH:mm}) | {r.LoadAverageBefore} | {r.Load.Accepted.Count:N0} in {r.Load.Elapsed.TotalSeconds:0.0} s | {r.PerSecond:N0} | "
        + $"{r.Load.Percentile(0.50):0.0} / {r.Load.Percentile(0.99):0.0} | {r.Missing} | {r.Load.CutOff} / {r.CommittedButUnanswered} | "
        + $"{r.Unrelayed.Pending:N0} of {r.Unrelayed.Written:N0} | {r.Cpu.Values.Sum(c => c.TotalMilliseconds) / Math.Max(1, r.Load.Accepted.Count):0.00} |\n")))
    .AppendLine()
    .AppendLine("CPU time each process of the platform used during the measured run, per accepted submission, median of the starts (the machine has "
        + $"{Environment.ProcessorCount} cores, i.e. {Environment.ProcessorCount * 1000.0 / Math.Max(1, perSecond):0.00} ms of CPU per submission are "
        + $"available at the median rate, and {Environment.ProcessorCount * 1000.0 / Target:0.00} ms at the target's):")
    .AppendLine()
    .AppendLine("| Process | CPU ms per accepted submission |")
    .AppendLine("|---|---|")
    .Append(string.Concat(processes.Select(p => $"| {p.Name} | {p.Ms:0.000} |\n")))
    .AppendLine()
    .AppendLine("Why nothing accepted can be lost: the endpoint validates the submission, queues it, and waits; a writer commits "
        + "everything queued meanwhile (group commit: up to `Feedback:Ingest:MaxBatchSize` rows, each with its `FeedbackReceived` outbox "
        + "row, written with two binary COPYs) in one PostgreSQL transaction, and only then is each request answered 201. A request cut off before its batch committed "
        + "was never answered 2xx; one cut off after is stored but unanswered (counted above), never the reverse. A failed batch is "
        + "retried row by row, so only a row that really cannot be stored fails, and only its own request.")
    .ToString();
BenchReport.Write(resultsPath, report);
return missingInAll == 0 ? 0 : 1;

double Median(Func<StartResult, double> figure) => BenchReport.Median(results.Select(figure));

string Refused()
{
    var refused = results.SelectMany(r => r.Load.Refused).GroupBy(p => p.Key).Select(g => $"{g.Key}: {g.Sum(p => p.Value)}").ToList();
    return refused.Count == 0 ? "none" : string.Join(", ", refused);
}

async Task<StartResult> MeasureStartAsync(int number)
{
    var loadAverage = BenchReport.LoadAverage();
    var started = Stopwatch.StartNew();
    await using var platform = await TestPlatform.StartAsync<Projects.Nojor_AppHost>(
    [
        "--Infra:Mode=local",
        // One client address sends everything: the gateway's budgets must not be what is measured.
        "--Gateway:RateLimits:Feedback:PermitLimit=1000000000", "--Gateway:RateLimits:Write:PermitLimit=1000000000",
        "--Gateway:RateLimits:FeedbackPerAddress:PermitLimit=1000000000", "--Gateway:RateLimits:ReaderTokens:PermitLimit=1000000000",
    ], [ResourceNames.Gateway], TimeSpan.FromMinutes(4), Configure, folder: "nojor-bench");
    var app = platform.App;
    Console.WriteLine($"start {number}: platform healthy after {started.Elapsed.TotalSeconds:0.0} s");
    // A plain client: the app's factory clients add retries, which would resend submissions and blur the count.
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = app.GetEndpoint(ResourceNames.Gateway, "http"),
        Timeout = TimeSpan.FromSeconds(30),
    };
    var connectionString = (await app.GetConnectionStringAsync(ResourceNames.FeedbackDatabase))!;

    var runMarker = $"bench-{Guid.NewGuid():N}";
    await Load(http, warmup, $"{runMarker}-warmup");
    // Where the time goes: CPU each process of the platform spent, and PostgreSQL write transactions, during the measured run.
    var cpuBefore = ProcessCpu.Snapshot();
    var xidBefore = await CurrentTransactionId(connectionString);
    var result = await Load(http, duration, runMarker);
    var xidAfter = await CurrentTransactionId(connectionString);
    var unrelayed = await UnrelayedEvents(connectionString);
    var cpuUsed = ProcessCpu.Since(cpuBefore);

    // Every 2xx must be committed: look each accepted id up in the database.
    var stored = new HashSet<Guid>();
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""SELECT "Id" FROM beta_feedback WHERE "Text" LIKE @marker""", connection);
        query.Parameters.AddWithValue("marker", runMarker + " %");
        await using var rows = await query.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            stored.Add(rows.GetGuid(0));
        }
    }
    var measured = new StartResult(number, DateTimeOffset.UtcNow, loadAverage, result,
        Missing: result.Accepted.Count(id => !stored.Contains(id)),
        CommittedButUnanswered: stored.Count - result.Accepted.Count(stored.Contains),
        unrelayed, (xidAfter - xidBefore) / (double)Math.Max(1, result.Accepted.Count), cpuUsed);
    Console.WriteLine($"start {number}: {measured.PerSecond:N0} accepted/s, p50 {result.Percentile(0.50):0.0} ms, {measured.Missing} missing");
    return measured;
}

// Settings on the platform's resources before it is built.
void Configure(IDistributedApplicationTestingBuilder builder)
{
    // All load comes from one loopback address: lift the per-address and per-reader limits for the run (reported below).
    var feedbackApi = builder.Resources.OfType<Nojor.AppHost.BuiltProjectResource>().Single(r => r.Name == ResourceNames.FeedbackApi);
    builder.CreateResourceBuilder(feedbackApi)
        .WithEnvironment("Feedback__RateLimits__PerIpPermits", "1000000000")
        .WithEnvironment("Feedback__RateLimits__PerReaderPermits", "1000000000")
        .WithEnvironment("Logging__LogLevel__Default", "Warning");
    // For trying runtime settings (e.g. SERVICE_ENV="DOTNET_TieredPGO=0;DOTNET_gcServer=0"): set on the feedback service and the gateway.
    var serviceEnvironment = (Environment.GetEnvironmentVariable("SERVICE_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2)).ToList();
    foreach (var service in builder.Resources.OfType<Nojor.AppHost.BuiltProjectResource>().Where(r => r.Name is ResourceNames.FeedbackApi or ResourceNames.Gateway))
    {
        foreach (var setting in serviceEnvironment)
        {
            builder.CreateResourceBuilder(service).WithEnvironment(setting[0], setting[1]);
        }
    }

    foreach (var project in builder.Resources.OfType<Nojor.AppHost.BuiltProjectResource>())
    {
        if (!exportTelemetry)
        {
            builder.CreateResourceBuilder(project).WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        }
        if (Environment.GetEnvironmentVariable("PERF_MAP") == "1")
        {
            // For profiling a run with `perf record -p <pid>`: the runtime writes /tmp/perf-<pid>.map naming JIT-compiled frames,
            // which perf can only match to samples when JIT code is not double-mapped (W^X).
            builder.CreateResourceBuilder(project).WithEnvironment("DOTNET_PerfMapEnabled", "1").WithEnvironment("DOTNET_EnableWriteXorExecute", "0");
        }
    }
}

async Task<LoadResult> Load(HttpClient http, TimeSpan length, string marker)
{
    var accepted = new ConcurrentBag<Guid>();
    var latencies = new ConcurrentBag<double>();
    var refused = new ConcurrentDictionary<int, int>();
    var errors = 0;
    var cutOff = 0;
    var sequence = 0;
    using var stop = new CancellationTokenSource(length);
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref sequence);
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsJsonAsync("/api/feedback",
                    new { kind = "idea", text = $"{marker} submission {n} from worker {worker}", page = "/bench" }, stop.Token);
                if (response.IsSuccessStatusCode)
                {
                    accepted.Add(Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]));
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
                else
                {
                    refused.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref cutOff);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    });
    await Task.WhenAll(workers);
    return new LoadResult([.. accepted], clock.Elapsed, refused, errors, cutOff, [.. latencies.Order()]);
}

static async Task<long> CurrentTransactionId(string connectionString)
{
    // Every write transaction takes the next id, so the difference counts them (plus this query's own).
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var query = new NpgsqlCommand("SELECT txid_current()", connection);
    return (long)(await query.ExecuteScalarAsync())!;
}

static async Task<(long Pending, long Written)> UnrelayedEvents(string connectionString)
{
    // The relay publishes behind the ingest; a backlog that grows means events reach the broker later and later.
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var query = new NpgsqlCommand("SELECT count(*) FILTER (WHERE published_at IS NULL), count(*) FROM outbox_messages", connection);
    await using var row = await query.ExecuteReaderAsync();
    await row.ReadAsync();
    return (row.GetInt64(0), row.GetInt64(1));
}

internal sealed record StartResult(int Number, DateTimeOffset At, string LoadAverageBefore, LoadResult Load, int Missing,
    int CommittedButUnanswered, (long Pending, long Written) Unrelayed, double WritesPerSubmission, IReadOnlyDictionary<string, TimeSpan> Cpu)
{
    public double PerSecond => Load.Accepted.Count / Load.Elapsed.TotalSeconds;

    public double CpuMsPerSubmission(string process) =>
        Cpu.TryGetValue(process, out var used) ? used.TotalMilliseconds / Math.Max(1, Load.Accepted.Count) : 0;
}

internal sealed record LoadResult(IReadOnlyList<Guid> Accepted, TimeSpan Elapsed, IReadOnlyDictionary<int, int> Refused, int Errors, int CutOff,
    IReadOnlyList<double> SortedLatencies)
{
    public double Percentile(double p) => SortedLatencies.Count == 0 ? 0 : SortedLatencies[(int)Math.Min(SortedLatencies.Count - 1, p * SortedLatencies.Count)];
}
