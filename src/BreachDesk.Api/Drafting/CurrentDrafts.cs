using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;
using Marten.Services.BatchQuerying;

namespace BreachDesk.Drafting;

/// <summary>A draft as served: its text now, and the version of the record that first held that text.</summary>
/// <param name="IncidentVersion">The incident version the text is current for.</param>
public sealed record CurrentDraft(DraftKind Kind, int Version, DateTimeOffset GeneratedAt, string Markdown, long IncidentVersion);

/// <summary>
/// Renders an incident's drafts as they are at the moment they are read, and keeps their version history: when the
/// text differs from the newest stored version, the text is stored as the next version; when it is the same, the
/// stored version is served and nothing is written. So a draft is never behind the facts, commands never pay for
/// drafting, and <c>version</c> still grows exactly when the text changes (decision 0010).
/// </summary>
public sealed class CurrentDrafts(IDocumentStore store, DraftRenderCache renderer, TimeProvider clock)
{
    // Each lost race means another reader stored a version in between; losing this many times in a row would
    // take a stream of changes arriving faster than one round trip.
    private const int Attempts = 5;

    /// <returns>The drafts of the given kinds, or null when there is no such incident.</returns>
    public async Task<IReadOnlyDictionary<DraftKind, CurrentDraft>?> ReadAsync(
        Guid incidentId, IReadOnlyList<DraftKind> kinds, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadOnceAsync(incidentId, kinds, cancellation);
            }
            catch (Exception e) when (e.IsUniqueViolation() && attempt < Attempts)
            {
                // Another reader stored this version first (the id carries the version): read again and serve
                // the winner's, which is the same text unless the incident changed once more meanwhile.
            }
        }
    }

    private async Task<IReadOnlyDictionary<DraftKind, CurrentDraft>?> ReadOnceAsync(
        Guid incidentId, IReadOnlyList<DraftKind> kinds, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var read = await ReadInAsync(session, incidentId, kinds, alsoRead: null, cancellation);
        if (read.Stored) await session.SaveChangesAsync(cancellation);
        return read.Drafts;
    }

    /// <summary>What <see cref="ReadInAsync"/> read: the view (null: no such incident), the drafts, whether a new version is queued.</summary>
    public sealed record Read(IncidentView? View, IReadOnlyDictionary<DraftKind, CurrentDraft>? Drafts, bool Stored);

    /// <summary>
    /// The drafts as <see cref="ReadAsync"/> serves them, read on <paramref name="session"/> in one round trip with
    /// whatever <paramref name="alsoRead"/> adds to it; a new version is queued on the session, not saved, so it commits
    /// with the caller's own writes (the e-mailed DPO notice's claim). A unique violation at that commit may be another
    /// reader's version of the same number: read again on a new session, as <see cref="ReadAsync"/> does.
    /// </summary>
    public async Task<Read> ReadInAsync(
        IDocumentSession session, Guid incidentId, IReadOnlyList<DraftKind> kinds, Action<IBatchedQuery>? alsoRead, CancellationToken cancellation)
    {
        // One round trip: the view (inline, so current) and the newest stored version of each kind.
        var reads = session.CreateBatchQuery();
        var viewRead = reads.Load<IncidentView>(incidentId);
        var newestReads = kinds.ToDictionary(kind => kind, kind => reads.Query<DraftDocument>()
            .Where(d => d.IncidentId == incidentId && d.Kind == kind.Name())
            .OrderByDescending(d => d.Version).Take(1).ToList());
        alsoRead?.Invoke(reads);
        await reads.Execute(cancellation);
        if (await viewRead is not { } view) return new Read(null, null, false);

        var texts = renderer.Render(view, kinds);
        var drafts = new Dictionary<DraftKind, CurrentDraft>(kinds.Count);
        var stored = false;
        foreach (var kind in kinds)
        {
            var newest = (await newestReads[kind]).SingleOrDefault();
            if (newest is not null && (newest.Markdown == texts[kind] || newest.IncidentVersion > view.Version))
            {
                // Unchanged text keeps its version. A version rendered from a later incident version than the view
                // we read (a command committed between our statements) is newer than ours: serve it, store nothing.
                drafts[kind] = new(kind, newest.Version, newest.GeneratedAt, newest.Markdown, Math.Max(view.Version, newest.IncidentVersion));
                continue;
            }
            var version = (newest?.Version ?? 0) + 1;
            var next = new DraftDocument
            {
                Id = DraftDocument.IdFor(incidentId, kind, version),
                IncidentId = incidentId,
                Kind = kind.Name(),
                Version = version,
                GeneratedAt = clock.GetUtcNow(),
                Markdown = texts[kind],
                IncidentVersion = view.Version,
                TemplateFingerprint = renderer.Fingerprint,
            };
            session.Insert(next);
            stored = true;
            drafts[kind] = new(kind, next.Version, next.GeneratedAt, next.Markdown, view.Version);
        }
        return new Read(view, drafts, stored);
    }
}
