using BreachDesk.Infrastructure.CommandLine;
using BreachDesk.Tests.Deployment;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Operations;

/// <summary>
/// Outside Development the service runs the handler code committed under <c>src/BreachDesk.Api/Internal/Generated</c>
/// (decision 0027), not code generated from the handlers it was built with. A handler, endpoint, policy or middleware
/// changed without regenerating that code would run the old adapter without a word, so this test writes the code
/// afresh, as <c>deploy/local/codegen.sh</c> does, and fails on any file that differs from the committed one.
/// </summary>
[Collection("processes")]
public class PreGeneratedCodeTests
{
    [Fact]
    public async Task The_committed_generated_handler_code_is_what_codegen_write_writes_from_the_current_handlers()
    {
        var committed = DeployFiles.Path(Path.Combine("src/BreachDesk.Api", PreGeneratedCode.Folder));
        var fresh = Directory.CreateTempSubdirectory("breachdesk-codegen-").FullName;
        try
        {
            // codegen write writes under the content root; the command needs no database, only a connection string.
            var (exit, output) = await ServiceProcess.RunCommandAsync("Host=127.0.0.1;Database=codegen", ["codegen", "write"],
                new Dictionary<string, string> { ["ASPNETCORE_CONTENTROOT"] = fresh });
            Assert.True(exit == 0, output);

            var expected = Files(Path.Combine(fresh, PreGeneratedCode.Folder));
            var actual = Files(committed);
            Assert.NotEmpty(expected);
            var missing = expected.Keys.Except(actual.Keys).Order().ToList();
            var extra = actual.Keys.Except(expected.Keys).Order().ToList();
            var differ = expected.Keys.Intersect(actual.Keys).Where(file => expected[file] != actual[file]).Order().ToList();
            Assert.True(missing.Count + extra.Count + differ.Count == 0,
                $"The committed pre-generated handler code is stale. Run {PreGeneratedCode.RegenerateCommand} and commit " +
                $"src/BreachDesk.Api/{PreGeneratedCode.Folder}.\n" +
                $"  missing: {string.Join(", ", missing)}\n  no longer generated: {string.Join(", ", extra)}\n  differ: {string.Join(", ", differ)}");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).ToDictionary(
                file => Path.GetRelativePath(folder, file).Replace('\\', '/'),
                file => File.ReadAllText(file).ReplaceLineEndings("\n"))
            : [];
}
