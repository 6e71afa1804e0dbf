using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;
using Marten.Patching;
using Microsoft.Extensions.Options;

namespace BreachDesk.Drafting;

/// <summary>
/// Re-renders an incident's drafts from its current view and stores a new version of each one whose text changed.
/// Runs in the background for each incident event; several may run at once for one incident, so each compares
/// what it rendered from with what is stored, and a lost race to insert a version is simply re-run.
/// </summary>
public sealed class DraftRegenerator(
    IDocumentStore store, DraftTemplates templates, IOptions<OrganisationOptions> organisation,
    IOptions<DpoContactOptions> dpo, TimeProvider clock, ILogger<DraftRegenerator> logger)
{
    private const int Attempts = 5;

    public async Task RegenerateAsync(Guid incidentId, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RenderAndStoreAsync(incidentId, cancellation);
                return;
            }
            catch (Exception e) when (e.IsUniqueViolation() && attempt < Attempts)
            {
                logger.LogDebug("Another node stored a draft of incident {IncidentId} first; rendering again.", incidentId);
            }
        }
    }

    private async Task RenderAndStoreAsync(Guid incidentId, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        // One round trip for both reads: this runs for every incident event.
        var reads = session.CreateBatchQuery();
        var viewRead = reads.Load<IncidentView>(incidentId);
        var draftsRead = reads.Query<DraftDocument>().Where(d => d.IncidentId == incidentId).ToList();
        await reads.Execute(cancellation);
        // The view is inline, so it already holds this event and maybe later ones: render the newest facts.
        var view = await viewRead;
        if (view is null) return;

        var stored = DraftQueries.Latest(await draftsRead);
        var model = DraftModel.From(view, organisation.Value, dpo.Value);
        foreach (var kind in DraftKinds.All)
        {
            var current = stored.GetValueOrDefault(kind);
            if (current is not null && IsUpToDate(current, view.Version)) continue;

            var markdown = templates.Render(kind, model);
            if (current?.Markdown == markdown)
            {
                // Same text, same version; record that it is current as of this incident version. The condition
                // keeps a slower worker, holding an older view, from moving that mark back.
                session.Patch<DraftDocument>(d => d.Id == current.Id && d.IncidentVersion < view.Version)
                    .Set(d => d.TemplateFingerprint, templates.Fingerprint)
                    .Set(d => d.IncidentVersion, view.Version);
                continue;
            }
            session.Insert(new DraftDocument
            {
                Id = DraftDocument.IdFor(incidentId, kind, (current?.Version ?? 0) + 1),
                IncidentId = incidentId,
                Kind = kind.Name(),
                Version = (current?.Version ?? 0) + 1,
                GeneratedAt = clock.GetUtcNow(),
                Markdown = markdown,
                IncidentVersion = view.Version,
                TemplateFingerprint = templates.Fingerprint,
            });
        }
        await session.SaveChangesAsync(cancellation);
    }

    private bool IsUpToDate(DraftDocument current, long incidentVersion) =>
        current.IncidentVersion > incidentVersion
        || (current.IncidentVersion == incidentVersion && current.TemplateFingerprint == templates.Fingerprint);
}

public static class DraftQueries
{
    /// <summary>The newest version of each draft of an incident.</summary>
    public static async Task<Dictionary<DraftKind, DraftDocument>> LatestAsync(IQuerySession session, Guid incidentId, CancellationToken cancellation) =>
        Latest(await session.Query<DraftDocument>().Where(d => d.IncidentId == incidentId).ToListAsync(cancellation));

    /// <summary>Of all versions of an incident's drafts, the newest of each kind.</summary>
    public static Dictionary<DraftKind, DraftDocument> Latest(IEnumerable<DraftDocument> all) =>
        all.GroupBy(d => d.Kind)
            .Where(g => DraftKinds.Parse(g.Key) is not null)
            .ToDictionary(g => DraftKinds.Parse(g.Key)!.Value, g => g.MaxBy(d => d.Version)!);
}
