using JasperFx.CodeGeneration;
using Wolverine;

namespace BreachDesk.Infrastructure.CommandLine;

/// <summary>
/// Which code runs Wolverine's handlers and endpoints. Wolverine writes an adapter class for each one; compiling those
/// at start needs Roslyn in the process, which cost ~170 MiB of resident memory and ~10 s of start on two cores
/// (decision 0027). So everywhere but Development the service loads the adapters that <c>codegen write</c> wrote into
/// <c>Internal/Generated/</c> and that are committed and compiled in (<see cref="TypeLoadMode.Static"/>): Roslyn is
/// never loaded. Development compiles them at start (<see cref="TypeLoadMode.Dynamic"/>), so a changed handler runs at
/// once on a developer's machine; the test <c>PreGeneratedCodeTests</c> fails until the committed files are
/// regenerated with <see cref="RegenerateCommand"/>. Marten 9 generates no code at run time.
/// </summary>
public static class PreGeneratedCode
{
    /// <summary>Regenerates <c>src/BreachDesk.Api/Internal/Generated/</c> from the current handlers, as a developer types it.</summary>
    public const string RegenerateCommand = "deploy/local/codegen.sh";

    /// <summary>Where <c>codegen write</c> puts the files, relative to the project folder (JasperFx's default).</summary>
    public const string Folder = "Internal/Generated";

    /// <summary>Sets Wolverine's code mode for the environment the service runs in.</summary>
    public static void UsePreGeneratedCode(this WolverineOptions options, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
            return;
        }
        options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        // Never write source files into the (possibly read-only) deployment; codegen write still writes them.
        options.CodeGeneration.SourceCodeWritingEnabled = false;
    }
}
