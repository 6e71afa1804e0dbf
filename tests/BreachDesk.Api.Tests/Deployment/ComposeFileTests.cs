namespace BreachDesk.Tests.Deployment;

public class ComposeFileTests
{
    private static readonly Dictionary<object, object> Compose = DeployFiles.Yaml("deploy/compose.yaml").Single();
    private static Dictionary<object, object> Services => Compose.Map("services");

    private static List<string> BreachDeskInstances() =>
        Services.Where(s => s.Value.Str("image") == DeployFiles.Image && s.Value.At("command") is null)
            .Select(s => (string)s.Key).ToList();

    /// <summary>
    /// Compose v1 (docker-compose 1.29, still what many distributions ship) reads the Compose Specification but refuses
    /// any top-level key it does not know, such as 'name' (checked with docker-compose 1.29.2 'config', 2026-12-01).
    /// </summary>
    [Fact]
    public void Its_top_level_keys_are_ones_compose_v1_accepts()
    {
        var accepted = new[] { "version", "services", "volumes", "networks", "secrets", "configs" };
        foreach (var key in Compose.Keys.Select(k => k.ToString()!))
            Assert.True(accepted.Contains(key) || key.StartsWith("x-"), $"Compose v1 refuses the top-level key '{key}'.");
    }

    [Fact]
    public void It_starts_postgresql_15_a_one_shot_db_apply_two_instances_and_a_collector()
    {
        Assert.StartsWith("postgres:15", Services.Str("postgres", "image"));
        Assert.Equal(2, BreachDeskInstances().Count);

        Assert.Equal(DeployFiles.Image, Services.Str("db-apply", "image"));
        Assert.Equal(["db-apply"], Services.List("db-apply", "command").Select(c => c.ToString()));
        Assert.Equal("service_healthy", Services.Str("db-apply", "depends_on", "postgres", "condition"));
        Assert.Equal("deploy/Dockerfile", Services.Str("db-apply", "build", "dockerfile"));
        Assert.True(File.Exists(DeployFiles.Path("deploy/Dockerfile")));

        foreach (var instance in BreachDeskInstances())
            Assert.Equal("service_completed_successfully", Services.Str(instance, "depends_on", "db-apply", "condition"));
    }

    [Fact]
    public void Each_instance_publishes_the_container_port_and_sends_telemetry_to_the_collector()
    {
        var collector = Services.Map("otel-collector");
        var mount = collector.List("volumes").Select(v => v.ToString()!).Single(v => v.StartsWith("./otel-collector.yaml:"));
        Assert.Contains($"--config={mount.Split(':')[1]}", collector.List("command").Select(c => c.ToString()));
        var config = DeployFiles.Yaml("deploy/otel-collector.yaml").Single();
        var grpc = config.Str("receivers", "otlp", "protocols", "grpc", "endpoint")!;
        foreach (var pipeline in new[] { "traces", "metrics" })
            Assert.Contains("otlp", config.List("service", "pipelines", pipeline, "receivers").Select(r => r.ToString()));

        var hostPorts = new HashSet<string>();
        foreach (var instance in BreachDeskInstances())
        {
            var port = Assert.Single(Services.List(instance, "ports")).ToString()!.Split(':');
            Assert.Equal(DeployFiles.ContainerPort.ToString(), port[^1]);
            Assert.True(hostPorts.Add(port[0]), "two instances cannot publish the same host port");
            Assert.Equal($"http://otel-collector:{grpc.Split(':')[^1]}", Services.Str(instance, "environment", "OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
    }

    [Fact]
    public async Task Each_instance_sets_only_keys_the_service_reads_and_the_service_reads_them()
    {
        foreach (var instance in BreachDeskInstances())
        {
            var environment = Services.Map(instance, "environment")
                .ToDictionary(e => (string)e.Key, e => Sample((string)e.Key, e.Value?.ToString()));
            await ServiceEnvironment.AssertServiceReads(environment);
        }
        Assert.Contains("ConnectionStrings__BreachDesk", Services.Map("db-apply", "environment").Keys);
    }

    /// <summary>Values compose interpolates from the operator's environment become samples.</summary>
    private static string? Sample(string key, string? value) => value?.Contains("${") == true
        ? key switch
        {
            "ConnectionStrings__BreachDesk" => ServiceEnvironment.SampleConnection,
            _ when key.EndsWith("__Sha256", StringComparison.Ordinal) => ServiceEnvironment.SampleKeyHash,
            _ => throw new InvalidOperationException($"No sample for {key}"),
        }
        : value;
}
