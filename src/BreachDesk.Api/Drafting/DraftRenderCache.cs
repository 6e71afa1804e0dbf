using BreachDesk.Incidents;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BreachDesk.Drafting;

/// <summary>
/// Renders an incident's drafts from its view, at most once per incident version and template set in this process.
/// A draft's text depends only on the view, the templates and this process's fixed DPO and organisation settings
/// (never on the time of rendering, decision 0003), so the text for (incident, version, template fingerprint, kind)
/// never changes and can be reused until memory is wanted for something else. Two reads of a just-changed incident
/// that arrive at the same moment may both render it; they get the same text.
/// </summary>
public sealed class DraftRenderCache(DraftTemplates templates, IOptions<OrganisationOptions> organisation, IOptions<DpoContactOptions> dpo)
    : IDisposable
{
    // Its own cache rather than the shared IMemoryCache: its own bound, which other features' entries cannot use up.
    // The bound is in characters of Markdown (a draft is 3,000-8,000): about 8 MB, some 300 incidents' three drafts,
    // far more than people look at at once. Entries of an incident's earlier versions are never asked for again, so
    // they also expire after a while unread instead of waiting for the bound to push them out.
    private const long SizeLimitInCharacters = 4_000_000;
    private static readonly TimeSpan UnreadFor = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _rendered = new(new MemoryCacheOptions { SizeLimit = SizeLimitInCharacters });

    public string Fingerprint => templates.Fingerprint;

    public IReadOnlyDictionary<DraftKind, string> Render(IncidentView view, IReadOnlyList<DraftKind> kinds)
    {
        DraftModel? model = null;
        var texts = new Dictionary<DraftKind, string>(kinds.Count);
        foreach (var kind in kinds)
        {
            var key = new RenderKey(view.Id, view.Version, templates.Fingerprint, kind);
            if (!_rendered.TryGetValue(key, out string? markdown) || markdown is null)
            {
                model ??= DraftModel.From(view, organisation.Value, dpo.Value);
                markdown = templates.Render(kind, model);
                _rendered.Set(key, markdown, new MemoryCacheEntryOptions { Size = markdown.Length, SlidingExpiration = UnreadFor });
            }
            texts[kind] = markdown;
        }
        return texts;
    }

    public void Dispose() => _rendered.Dispose();

    private readonly record struct RenderKey(Guid IncidentId, long IncidentVersion, string TemplateFingerprint, DraftKind Kind);
}
