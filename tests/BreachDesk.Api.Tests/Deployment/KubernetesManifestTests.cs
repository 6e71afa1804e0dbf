namespace BreachDesk.Tests.Deployment;

public class KubernetesManifestTests
{
    private static List<Dictionary<object, object>> Manifests() =>
        Directory.GetFiles(DeployFiles.Path("deploy/k8s"), "*.yaml").Order()
            .SelectMany(f => DeployFiles.Yaml(Path.GetRelativePath(DeployFiles.Root, f))).ToList();

    private static Dictionary<object, object> Kind(string kind) => Assert.Single(Manifests(), m => m.Str("kind") == kind);

    private static Dictionary<object, object> Container(Dictionary<object, object> workload) =>
        Assert.IsType<Dictionary<object, object>>(Assert.Single(workload.List("spec", "template", "spec", "containers")));

    [Fact]
    public void Every_manifest_parses_and_names_its_kind()
    {
        var manifests = Manifests();
        Assert.NotEmpty(manifests);
        Assert.All(manifests, m => Assert.False(string.IsNullOrEmpty(m.Str("kind")) || string.IsNullOrEmpty(m.Str("metadata", "name"))));
        Assert.DoesNotContain(manifests, m => m.Str("kind") == "Secret"); // by reference only, never committed
    }

    [Fact]
    public void The_deployment_runs_the_image_on_its_port_with_both_probes_resources_and_no_root()
    {
        var deployment = Kind("Deployment");
        var container = Container(deployment);
        Assert.Equal(DeployFiles.Image, container.Str("image"));
        var port = Assert.IsType<Dictionary<object, object>>(Assert.Single(container.List("ports")));
        Assert.Equal(DeployFiles.ContainerPort.ToString(), port.Str("containerPort"));
        var portName = port.Str("name");

        Assert.Equal("/health/live", container.Str("livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", container.Str("readinessProbe", "httpGet", "path"));
        Assert.Equal(portName, container.Str("livenessProbe", "httpGet", "port"));
        Assert.Equal(portName, container.Str("readinessProbe", "httpGet", "port"));

        foreach (var what in new[] { "requests", "limits" })
            Assert.NotNull(container.Str("resources", what, "memory"));
        Assert.NotNull(container.Str("resources", "requests", "cpu"));

        Assert.Equal("true", deployment.Str("spec", "template", "spec", "securityContext", "runAsNonRoot"), ignoreCase: true);
        Assert.True(int.Parse(deployment.Str("spec", "template", "spec", "securityContext", "runAsUser")!) > 0);
        Assert.True(int.Parse(deployment.Str("spec", "replicas")!) >= 2, "several nodes share the work");
    }

    [Fact]
    public void The_service_sends_traffic_to_the_deployments_pods_on_the_container_port()
    {
        var deployment = Kind("Deployment");
        var service = Kind("Service");
        var podLabels = deployment.Map("spec", "template", "metadata", "labels");
        foreach (var (key, value) in service.Map("spec", "selector"))
            Assert.Equal(value, podLabels.GetValueOrDefault(key));
        var target = Assert.Single(service.List("spec", "ports")).Str("targetPort");
        var port = Assert.Single(Container(deployment).List("ports"));
        Assert.True(target == port.Str("name") || target == port.Str("containerPort"), $"targetPort {target}");
    }

    [Fact]
    public async Task Secrets_are_referenced_never_inlined_and_the_service_reads_every_key_set()
    {
        var env = Container(Kind("Deployment")).List("env").Cast<Dictionary<object, object>>().ToList();
        foreach (var secret in new[] { "ConnectionStrings__BreachDesk", "BreachDesk__Auth__ApiKeys__0__Sha256" })
        {
            var entry = Assert.Single(env, e => e.Str("name") == secret);
            Assert.Null(entry.At("value"));
            Assert.Equal("breachdesk", entry.Str("valueFrom", "secretKeyRef", "name"));
        }

        var sampled = env.ToDictionary(e => e.Str("name")!, e => e.At("value") is { } v
            ? v.ToString()
            : e.Str("name") == "ConnectionStrings__BreachDesk" ? ServiceEnvironment.SampleConnection : ServiceEnvironment.SampleKeyHash);
        await ServiceEnvironment.AssertServiceReads(sampled);
    }

    [Fact]
    public void The_db_apply_job_runs_the_same_image_once_against_the_same_database()
    {
        var job = Kind("Job");
        var container = Container(job);
        Assert.Equal(DeployFiles.Image, container.Str("image"));
        Assert.Equal(["db-apply"], container.List("args").Select(a => a.ToString()));
        Assert.Equal("Never", job.Str("spec", "template", "spec", "restartPolicy"));
        var connection = Assert.Single(container.List("env"), e => e.Str("name") == "ConnectionStrings__BreachDesk");
        Assert.Equal("breachdesk", connection.Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("connection-string", connection.Str("valueFrom", "secretKeyRef", "key"));
        // The job's pods must not receive the service's traffic.
        var selector = Kind("Service").Map("spec", "selector");
        var jobLabels = job.Map("spec", "template", "metadata", "labels");
        Assert.False(selector.All(s => Equals(jobLabels.GetValueOrDefault(s.Key), s.Value)));
    }
}
