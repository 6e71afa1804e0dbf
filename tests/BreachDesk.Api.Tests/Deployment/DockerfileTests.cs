namespace BreachDesk.Tests.Deployment;

public class DockerfileTests
{
    /// <summary>Instructions per stage, continuation lines joined, comments dropped.</summary>
    private static List<List<(string Instruction, string Arguments)>> Stages()
    {
        var joined = DeployFiles.Text("deploy/Dockerfile").Replace("\\\n", " ").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        var stages = new List<List<(string, string)>>();
        foreach (var line in joined)
        {
            var space = line.IndexOf(' ');
            var (instruction, arguments) = (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (instruction == "FROM") stages.Add([]);
            stages[^1].Add((instruction, arguments));
        }
        return stages;
    }

    [Fact]
    public void The_build_stage_bridges_nuget_before_restoring_and_pregenerates_wolverine_code()
    {
        var build = Stages()[0];
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", build[0].Arguments);
        var runs = build.Where(i => i.Instruction == "RUN").Select(i => i.Arguments).ToList();
        var bridge = runs.FindIndex(r => r.Contains("deploy/local/bridge-nuget.sh"));
        var restore = runs.FindIndex(r => r.Contains("dotnet restore"));
        Assert.True(bridge >= 0 && restore >= 0, "the build stage must run the bridge script and a restore");
        Assert.True(bridge < restore || runs[bridge].IndexOf("bridge-nuget.sh") < runs[bridge].IndexOf("dotnet restore"),
            "the bridge script must run before the restore");
        Assert.True(File.Exists(DeployFiles.Path("deploy/local/bridge-nuget.sh")));
        var codegen = runs.FindIndex(r => r.Contains("codegen write"));
        var publish = runs.FindIndex(r => r.Contains("dotnet publish"));
        Assert.True(codegen >= 0 && codegen < publish, "generated code must exist before the publish compiles it in");
    }

    [Fact]
    public void The_final_stage_is_the_aspnet_runtime_listening_on_8080_as_a_non_root_user()
    {
        var stages = Stages();
        Assert.True(stages.Count >= 2, "multi-stage");
        var final = stages[^1];
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", final[0].Arguments);
        Assert.Contains(final, i => i.Instruction == "COPY" && i.Arguments.StartsWith("--from=build"));

        var user = final.Last(i => i.Instruction == "USER").Arguments;
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        Assert.True(int.TryParse(user.Split(':')[0], out var uid) && uid > 0, "a numeric user lets Kubernetes verify runAsNonRoot");
        // Nothing after USER may switch back.
        Assert.Single(final, i => i.Instruction == "USER");

        Assert.Contains(final, i => i.Instruction == "EXPOSE" && i.Arguments == DeployFiles.ContainerPort.ToString());
        Assert.Contains(final, i => i.Instruction == "ENV" && i.Arguments.Contains($"ASPNETCORE_URLS=http://+:{DeployFiles.ContainerPort}"));
        Assert.Contains(final, i => i.Instruction == "ENTRYPOINT" && i.Arguments.Contains("\"BreachDesk.Api.dll\""));
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_and_generated_code()
    {
        var ignored = DeployFiles.Text(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        // Stale generated code from a developer's machine must never reach the image.
        Assert.Contains("**/Internal/Generated/", ignored);
    }
}
