using System.Text.RegularExpressions;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests.Checks;

/// <summary>The Deployments and Jobs against what each deployable serves, publishes and needs to stop cleanly.</summary>
internal static partial class Workloads
{
    /// <summary>Paths ServiceDefaults maps in every deployable (MapDefaultEndpoints), read from its source.</summary>
    public static string HealthPath => ServiceDefaultsConstant("HealthEndpointPath");

    public static string AlivePath => ServiceDefaultsConstant("AlivenessEndpointPath");

    /// <summary>
    /// Readiness asks /health and liveness /alive (a startup probe, if any, one of them), on the port the image listens
    /// on: the container port named by the probe is the project's ContainerPort, ASPNETCORE_HTTP_PORTS agrees, the
    /// deployable maps those endpoints, and its Service forwards to that port.
    /// </summary>
    public static List<string> ProbeMismatches(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var deployable in Deployable.All)
        {
            var deployment = manifest.Deployments.Single(d => d.Metadata.Name == deployable.Name);
            var container = deployment.Spec.Template.Spec.Containers.Single();
            if (!deployable.MapsHealthEndpoints)
            {
                problems.Add($"{deployable}: Program.cs does not map the health endpoints the probes ask");
            }
            var ports = container.Ports ?? [];
            if (!ports.Any(p => p.ContainerPort == deployable.ContainerPort))
            {
                problems.Add($"{deployable}: no container port {deployable.ContainerPort} (the image's, {deployable.ProjectPath})");
            }
            var listening = (container.Env ?? []).LastOrDefault(e => e.Name == "ASPNETCORE_HTTP_PORTS")?.Value;
            if (listening is not null && listening != deployable.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                problems.Add($"{deployable}: ASPNETCORE_HTTP_PORTS is {listening}, the image's port is {deployable.ContainerPort}");
            }
            CheckProbe(problems, deployable, "readiness", container.ReadinessProbe, ports, [HealthPath]);
            CheckProbe(problems, deployable, "liveness", container.LivenessProbe, ports, [AlivePath]);
            if (container.StartupProbe is not null)
            {
                CheckProbe(problems, deployable, "startup", container.StartupProbe, ports, [AlivePath, HealthPath]);
            }
            foreach (var service in manifest.Services.Where(s => s.Spec.Selector.Matches(deployment.Spec.Template.Metadata.Labels)))
            {
                foreach (var port in service.Spec.Ports)
                {
                    if (ContainerPortOf(port.TargetPort ?? (IntOrString)port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ports) != deployable.ContainerPort)
                    {
                        problems.Add($"{deployable}: Service {service.Metadata.Name} port {port.Port} forwards to {port.TargetPort}, not to {deployable.ContainerPort}");
                    }
                }
            }
        }
        return problems;
    }

    /// <summary>Every container has CPU and memory requests and limits (limits at least the requests); every Deployment probes readiness and liveness.</summary>
    public static List<string> MissingResourcesOrProbes(Manifest manifest)
    {
        var problems = new List<string>();
        var workloads = manifest.Deployments.Select(d => (Kind: "Deployment", d.Metadata.Name, d.Spec.Template.Spec))
            .Concat(manifest.Jobs.Select(j => (Kind: "Job", j.Metadata.Name, j.Spec.Template.Spec)));
        foreach (var (kind, name, pod) in workloads)
        {
            foreach (var container in pod.Containers)
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    var request = container.Resources?.Requests?.TryGetValue(resource, out var r) == true ? r : null;
                    var limit = container.Resources?.Limits?.TryGetValue(resource, out var l) == true ? l : null;
                    if (request is null || limit is null)
                    {
                        problems.Add($"{kind} {name}: container {container.Name} has no {resource} {(request is null ? "request" : "limit")}");
                    }
                    else if (limit.ToDecimal() < request.ToDecimal())
                    {
                        problems.Add($"{kind} {name}: container {container.Name} limits {resource} to {limit}, under its request {request}");
                    }
                }
                if (kind == "Deployment" && (container.ReadinessProbe is null || container.LivenessProbe is null))
                {
                    problems.Add($"Deployment {name}: container {container.Name} lacks a {(container.ReadinessProbe is null ? "readiness" : "liveness")} probe");
                }
            }
        }
        return problems;
    }

    /// <summary>Every Deployment's pods are covered by a PodDisruptionBudget that keeps some of them up.</summary>
    public static List<string> WithoutDisruptionBudget(Manifest manifest) =>
        [.. manifest.Deployments
            .Where(d => !manifest.DisruptionBudgets.Any(b => b.Spec.Selector.Matches(d.Spec.Template.Metadata.Labels)
                && (b.Spec.MaxUnavailable is not null || b.Spec.MinAvailable is not null)))
            .Select(d => $"Deployment {d.Metadata.Name}: no PodDisruptionBudget selects its pods")];

    /// <summary>
    /// At least two replicas of every Deployment at all times: its HorizontalPodAutoscaler's minimum (it scales on CPU) and
    /// any count the Deployment states; and replicas spread across nodes.
    /// </summary>
    public static List<string> FewerThanTwoReplicas(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var deployment in manifest.Deployments)
        {
            var name = deployment.Metadata.Name;
            var autoscaler = manifest.Autoscalers.SingleOrDefault(a => a.Spec.ScaleTargetRef.Kind == "Deployment" && a.Spec.ScaleTargetRef.Name == name);
            if (deployment.Spec.Replicas is < 2)
            {
                problems.Add($"Deployment {name}: {deployment.Spec.Replicas} replica(s)");
            }
            if (autoscaler is null)
            {
                if (deployment.Spec.Replicas is null)
                {
                    problems.Add($"Deployment {name}: no replica count and no autoscaler, so one replica");
                }
            }
            else
            {
                if ((autoscaler.Spec.MinReplicas ?? 1) < 2)
                {
                    problems.Add($"HorizontalPodAutoscaler {name}: minimum {autoscaler.Spec.MinReplicas ?? 1} replica(s)");
                }
                if (!(autoscaler.Spec.Metrics ?? []).Any(m => m.Type == "Resource" && m.Resource?.Name == "cpu"))
                {
                    problems.Add($"HorizontalPodAutoscaler {name}: does not scale on CPU");
                }
            }
            var spread = deployment.Spec.Template.Spec.TopologySpreadConstraints ?? [];
            if (!spread.Any(c => c.TopologyKey == "kubernetes.io/hostname" && c.LabelSelector.Matches(deployment.Spec.Template.Metadata.Labels)))
            {
                problems.Add($"Deployment {name}: replicas are not spread across nodes");
            }
        }
        return problems;
    }

    /// <summary>
    /// Every image is the repository the project's publish step produces (ContainerRepository, under any registry),
    /// with a tag; a release's tag is not "latest" or the local "dev"; migration Jobs run their service's image of the
    /// same release; pods run as the image's non-root user.
    /// </summary>
    public static List<string> ImageMismatches(Manifest manifest, bool release)
    {
        var problems = new List<string>();
        foreach (var deployable in Deployable.All)
        {
            var workloads = manifest.Deployments.Where(d => d.Metadata.Name == deployable.Name).Select(d => (Kind: "Deployment", d.Metadata.Name, d.Spec.Template.Spec))
                .Concat(manifest.Jobs.Where(j => j.Metadata.Name == deployable.Name + "-migrate").Select(j => (Kind: "Job", j.Metadata.Name, j.Spec.Template.Spec)));
            foreach (var (kind, name, pod) in workloads)
            {
                var image = pod.Containers.Single().Image;
                var (repository, tag) = SplitImage(image);
                if (repository != deployable.ContainerRepository && !repository.EndsWith("/" + deployable.ContainerRepository, StringComparison.Ordinal))
                {
                    problems.Add($"{kind} {name}: image {image}, but {deployable.ProjectPath} publishes {deployable.ContainerRepository}");
                }
                if (tag is null || (release && tag is "latest" or "dev"))
                {
                    problems.Add($"{kind} {name}: image {image} names no release tag");
                }
                if (pod.SecurityContext?.RunAsNonRoot != true || pod.SecurityContext.RunAsUser != deployable.ContainerUser)
                {
                    problems.Add($"{kind} {name}: does not run as the image's non-root user {deployable.ContainerUser}");
                }
            }
            var deploymentImage = manifest.Deployments.SingleOrDefault(d => d.Metadata.Name == deployable.Name)?.Spec.Template.Spec.Containers.Single().Image;
            var jobImage = manifest.Jobs.SingleOrDefault(j => j.Metadata.Name == deployable.Name + "-migrate")?.Spec.Template.Spec.Containers.Single().Image;
            if (jobImage is not null && jobImage != deploymentImage)
            {
                problems.Add($"Job {deployable.Name}-migrate: migrates with {jobImage} while the Deployment runs {deploymentImage}");
            }
        }
        return problems;
    }

    public static (string Repository, string? Tag) SplitImage(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? (withoutDigest[..colon], withoutDigest[(colon + 1)..]) : (withoutDigest, null);
    }

    /// <summary>
    /// The kill comes only after the pre-stop pause and the host's whole shutdown timeout (plus 5 s); and where webhooks
    /// are sent, that timeout covers an attempt already on the wire (Webhooks:Timeout) plus the bus's stop.
    /// </summary>
    public static List<string> ShutdownCutShort(Manifest manifest)
    {
        var problems = new List<string>();
        var defaultShutdown = (long)new HostOptions().ShutdownTimeout.TotalSeconds;
        foreach (var deployable in Deployable.All)
        {
            var pod = manifest.Deployment(deployable.Name).Spec.Template.Spec;
            var container = pod.Containers.Single();
            var grace = pod.TerminationGracePeriodSeconds ?? 30;
            var preStop = container.Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
            var shutdownSetting = (container.Env ?? []).LastOrDefault(e => e.Name == "DOTNET_SHUTDOWNTIMEOUTSECONDS")?.Value;
            var shutdown = shutdownSetting is null ? defaultShutdown : long.Parse(shutdownSetting, System.Globalization.CultureInfo.InvariantCulture);
            if (grace < preStop + shutdown + 5)
            {
                problems.Add($"{deployable}: killed after {grace} s, but it may pause {preStop} s and take {shutdown} s to stop");
            }
            var webhookTimeout = (container.Env ?? []).LastOrDefault(e => e.Name == "Webhooks__Timeout")?.Value
                ?? deployable.AppSettings.GetValueOrDefault("Webhooks:Timeout");
            if (webhookTimeout is not null)
            {
                var needed = TimeSpan.Parse(webhookTimeout, System.Globalization.CultureInfo.InvariantCulture).TotalSeconds + BusStopSeconds() + 5;
                if (shutdown < needed)
                {
                    problems.Add($"{deployable}: stops within {shutdown} s, but an attempt on the wire and the bus's stop take up to {needed} s");
                }
            }
        }
        return problems;
    }

    /// <summary>
    /// Services that own a database do not migrate in their Deployment (Database__Migrate=false), and a Job per release
    /// runs their image with the migrate-only argument, with the connection strings the service reads at start; no
    /// Service sends it traffic.
    /// </summary>
    public static List<string> MigrationProblems(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var deployable in Deployable.All.Where(d => d.MigratesDatabase))
        {
            var container = manifest.Container(deployable.Name);
            var migrate = (container.Env ?? []).LastOrDefault(e => e.Name == "Database__Migrate")?.Value;
            if (!string.Equals(migrate, "false", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{deployable}: its replicas migrate at start (Database__Migrate is {migrate ?? "unset, so true"})");
            }
            var job = manifest.Jobs.SingleOrDefault(j => j.Metadata.Name == deployable.Name + "-migrate");
            if (job is null)
            {
                problems.Add($"{deployable}: no {deployable.Name}-migrate Job");
                continue;
            }
            var jobContainer = job.Spec.Template.Spec.Containers.Single();
            if (!(jobContainer.Args ?? []).Contains(Nojor.Hosting.MigrateDbContextExtensions.MigrateOnlyArgument))
            {
                problems.Add($"Job {job.Metadata.Name}: does not pass {Nojor.Hosting.MigrateDbContextExtensions.MigrateOnlyArgument}, so it would serve instead of migrating");
            }
            if (job.Spec.Template.Spec.RestartPolicy is not ("Never" or "OnFailure"))
            {
                problems.Add($"Job {job.Metadata.Name}: restart policy {job.Spec.Template.Spec.RestartPolicy}");
            }
            foreach (var connection in deployable.ConnectionNames.Select(n => "ConnectionStrings__" + n))
            {
                if (Settings.Resolve(manifest, jobContainer, connection).Problem is { } problem)
                {
                    problems.Add($"Job {job.Metadata.Name}: {connection} {problem}");
                }
            }
            var labels = job.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>();
            foreach (var service in manifest.Services.Where(s => s.Spec.Selector.Matches(labels)))
            {
                problems.Add($"Job {job.Metadata.Name}: Service {service.Metadata.Name} would send it traffic");
            }
        }
        return problems;
    }

    private static void CheckProbe(List<string> problems, Deployable deployable, string kind, V1Probe? probe, IList<V1ContainerPort> ports, string[] paths)
    {
        if (probe?.HttpGet is not { } get)
        {
            problems.Add($"{deployable}: no HTTP {kind} probe");
            return;
        }
        if (!paths.Contains(get.Path))
        {
            problems.Add($"{deployable}: {kind} probe asks {get.Path}, the deployable serves {string.Join(" or ", paths)} for it");
        }
        if (ContainerPortOf(get.Port, ports) != deployable.ContainerPort)
        {
            problems.Add($"{deployable}: {kind} probe asks port {get.Port}, the deployable listens on {deployable.ContainerPort}");
        }
    }

    private static int? ContainerPortOf(IntOrString port, IList<V1ContainerPort> ports) =>
        int.TryParse(port.Value, out var number) ? number : ports.FirstOrDefault(p => p.Name == port.Value)?.ContainerPort;

    private static string ServiceDefaultsConstant(string name) =>
        Regex.Match(Repository.Read("Nojor.ServiceDefaults/Extensions.cs"), $@"const\s+string\s+{name}\s*=\s*""(?<value>[^""]+)""").Groups["value"].Value;

    /// <summary>MassTransit's stop timeout as the services' messaging sets it.</summary>
    private static double BusStopSeconds() =>
        double.Parse(BusStopPattern().Match(Repository.Read("services/Nojor.Messaging/MessagingExtensions.cs")).Groups["seconds"].Value,
            System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"StopTimeout\s*=\s*TimeSpan\.FromSeconds\((?<seconds>[\d.]+)\)")]
    private static partial Regex BusStopPattern();
}
