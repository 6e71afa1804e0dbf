using System.Security.Cryptography;
using System.Text;
using Fluid;

namespace BreachDesk.Drafting;

/// <summary>
/// The Liquid templates, one per draft kind (<c>dpo-notice.liquid</c>, <c>regulator.liquid</c>,
/// <c>data-subject.liquid</c>): the shipped set, each replaceable by a file of the same name in the configured
/// folder. All are parsed, and tried on sample incidents, when the service starts, so a broken template stops
/// the start with its file and error named instead of failing later in the background.
/// </summary>
public sealed class DraftTemplates
{
    private static readonly FluidParser Parser = new();
    private readonly IReadOnlyDictionary<DraftKind, IFluidTemplate> _templates;
    private readonly TemplateOptions _options;

    private DraftTemplates(IReadOnlyDictionary<DraftKind, IFluidTemplate> templates, string fingerprint)
    {
        _templates = templates;
        Fingerprint = fingerprint;
        _options = new TemplateOptions { StrictFilters = true };
        // Our model is plain records of strings, flags and lists; reading their properties is all templates can do.
        _options.MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase };
    }

    public string Fingerprint { get; }

    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "Drafting", "Templates");

    public static DraftTemplates Load(string shippedFolder, string? overrideFolder)
    {
        if (!string.IsNullOrWhiteSpace(overrideFolder) && !Directory.Exists(overrideFolder))
            throw new InvalidOperationException(
                $"BreachDesk:Drafts:TemplateFolder is '{overrideFolder}', which is not a folder. Create it or remove the setting.");

        var templates = new Dictionary<DraftKind, IFluidTemplate>();
        var fingerprint = new StringBuilder();
        foreach (var kind in DraftKinds.All)
        {
            var file = FileFor(kind, shippedFolder, overrideFolder);
            var source = File.ReadAllText(file);
            if (!Parser.TryParse(source, out var template, out var error))
                throw new InvalidOperationException($"The draft template '{file}' cannot be parsed: {error}");
            templates[kind] = template;
            fingerprint.Append(kind.Name()).Append('\n').Append(source).Append('\n');
        }
        var loaded = new DraftTemplates(templates, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString())))[..16]);
        loaded.TryOnSamples(kind => FileFor(kind, shippedFolder, overrideFolder));
        return loaded;
    }

    public string Render(DraftKind kind, DraftModel model)
    {
        var context = new TemplateContext(model, _options);
        return MarkdownTidy.Tidy(_templates[kind].Render(context));
    }

    private static string FileFor(DraftKind kind, string shippedFolder, string? overrideFolder)
    {
        var name = kind.Name() + ".liquid";
        if (!string.IsNullOrWhiteSpace(overrideFolder) && File.Exists(Path.Combine(overrideFolder, name)))
            return Path.Combine(overrideFolder, name);
        var shipped = Path.Combine(shippedFolder, name);
        if (!File.Exists(shipped))
            throw new InvalidOperationException($"The draft template '{shipped}' is missing from the installation.");
        return shipped;
    }

    // Some mistakes (an unknown filter, a filter given the wrong input) only show when a template runs.
    private void TryOnSamples(Func<DraftKind, string> fileFor)
    {
        foreach (var sample in SampleIncidents.All)
        foreach (var kind in DraftKinds.All)
        {
            try
            {
                Render(kind, sample);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"The draft template '{fileFor(kind)}' fails when rendered: {e.Message}", e);
            }
        }
    }
}
