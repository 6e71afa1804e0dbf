using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.OpenApi;

/// <summary>
/// The ids the examples address: the lifecycle incident, a closed one, an escalation, a dead letter, and an incident
/// with two open tasks (1 to complete, 2 to cancel), and two files of evidence of the lifecycle incident, the second
/// changed in the database behind the service's back.
/// </summary>
public sealed record Scenario(string Open, string Closed, string Escalation, string DeadLetter, string Tasks, string Evidence, string TamperedEvidence)
{
    public static Scenario Unknown() => new($"{Guid.NewGuid()}", $"{Guid.NewGuid()}", $"{Guid.NewGuid()}", $"{Guid.NewGuid()}",
        $"{Guid.NewGuid()}", $"{Guid.NewGuid()}", $"{Guid.NewGuid()}");
}

/// <summary>
/// One request: who sends it, where, with which body and headers. <paramref name="LeftOut"/> names the required field
/// the body leaves out, which the answer must be a 400 about.
/// </summary>
public sealed record Probe(string? Key, string Url, object? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string? LeftOut = null);

/// <summary>
/// How to call one operation successfully: the key of a role that may, the address, the body. <paramref name="Conflict"/>
/// is where the incident's state forbids it (409); <paramref name="Extras"/> are further requests with statuses of their
/// own (a replayed report, another format). Every other status is driven from the document itself.
/// </summary>
public sealed record Example(
    string OperationId, string? Key, Func<Scenario, string> Url, Func<object>? Body = null,
    Func<Scenario, string>? Conflict = null, Func<Scenario, IEnumerable<Probe>>? Extras = null)
{
    public Probe Success(Scenario at) => new(Key, Url(at), Body?.Invoke());
}

/// <summary>
/// The table of examples, in the order an incident's life takes (each command is valid after the ones before it). A new
/// operation needs a line here; the conformance test fails naming any documented operation without one.
/// </summary>
public static class OperationExamples
{
    private static string Ago(double hours) => Iso(HoursAgo(hours));

    /// <summary>How long before now the example incidents were discovered: every action time below lies after it.</summary>
    public const double DiscoveredHoursAgo = 2;

    public static object Report() => new
    {
        title = $"Misdirected e-mail {Guid.NewGuid():N}",
        description = "A spreadsheet of customer contact details was e-mailed to the wrong supplier.",
        discoveredAt = Ago(DiscoveredHoursAgo),
        occurredAt = Ago(3),
        occurredAtIsEstimate = true,
        source = "staff",
        systems = new[] { "mail" },
        reportedBy = "alice",
    };

    /// <summary>The evidence limit of the service under test: small, so a 413 needs no large upload.</summary>
    public const long EvidenceMaxBytes = 1024;

    /// <summary>A multipart upload (examples pass a factory of it: content is consumed by sending).</summary>
    public static MultipartFormDataContent Evidence(int bytes = 100) => new()
    {
        { new ByteArrayContent(new byte[bytes]), "file", "mail-log.txt" },
        { new StringContent("The mail server's log of the send."), "description" },
    };

    private static string Incident(Scenario at, string command) => $"/api/incidents/{at.Open}/{command}";
    private static string ClosedIncident(Scenario at, string command) => $"/api/incidents/{at.Closed}/{command}";

    private static Example Command(string id, string key, string command, Func<object> body) =>
        new(id, key, at => Incident(at, command), body, Conflict: at => ClosedIncident(at, command));

    public static readonly IReadOnlyList<Example> All =
    [
        new("POST_api_incidents", "dev-reporter", _ => "/api/incidents", Report, Extras: _ =>
        {
            var first = Report();
            var key = new Dictionary<string, string> { ["Idempotency-Key"] = $"conformance-{Guid.NewGuid():N}" };
            // The first use of a key is a 201; the same body again is the first answer as a 200; another body is a 422.
            return [new("dev-reporter", "/api/incidents", first, key), new("dev-reporter", "/api/incidents", first, key),
                    new("dev-reporter", "/api/incidents", Report(), key)];
        }),
        new("GET_api_incidents", "dev-auditor", _ => "/api/incidents?status=all&page=1&pageSize=10", Extras: _ =>
            [new Probe("dev-auditor", "/api/incidents?q=spreadsheet&reference=BD-2026-0001&owner=sam.sec&status=all")]),
        new("GET_api_incidents_id", "dev-auditor", at => $"/api/incidents/{at.Open}"),
        // Acknowledged once, an escalation cannot be acknowledged again. Before the DPO notice below, which stops the
        // clock the escalation watches and so resolves it (a resolved escalation cannot be acknowledged either).
        new("POST_api_escalations_id_ack", "dev-oncall", at => $"/api/escalations/{at.Escalation}/ack", Conflict: at => $"/api/escalations/{at.Escalation}/ack"),
        Command("POST_api_incidents_id_occurrence", "dev-dpo", "occurrence",
            () => new { occurredAt = Ago(4), isEstimate = true, reason = "The mail server's logs show the send." }),
        Command("POST_api_incidents_id_dpo_notification", "dev-reporter", "dpo-notification",
            () => new { notifiedAt = Ago(1.5), channel = "email", howItOccurred = "Autocomplete chose the wrong address.", likelyImpact = "Contact details of 40 customers." }),
        // The DPO notice e-mailed (to the conformance test's SMTP receiver); a key longer than allowed is a 400.
        new("POST_api_incidents_id_dpo_notice_send", "dev-oncall", at => Incident(at, "dpo-notice/send"),
            Conflict: at => ClosedIncident(at, "dpo-notice/send"), Extras: at =>
            [new Probe("dev-oncall", Incident(at, "dpo-notice/send"), Headers: new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 201) })]),
        Command("POST_api_incidents_id_containment", "dev-oncall", "containment",
            () => new { action = "Asked the supplier to delete the e-mail.", takenAt = Ago(1.4) }),
        Command("POST_api_incidents_id_impact", "dev-reporter", "impact", () => new
        {
            breachTypes = new[] { "confidentiality" },
            dataCategories = new[] { "contact", "financial" },
            approxDataSubjects = 40,
            approxRecords = 40,
            subjectGroups = new[] { "customers" },
            dataEncrypted = false,
            keyCompromised = false,
            maliciousIntent = false,
            dataRecovered = true,
            identifiability = "maximum",
            likelyConsequences = "Unwanted contact.",
            countries = new[] { "GB" },
        }),
        Command("POST_api_incidents_id_risk_assessment", "dev-dpo", "risk-assessment",
            () => new { level = "high", rationale = "Financial details of identifiable customers." }),
        Command("POST_api_incidents_id_regulator_notification", "dev-dpo", "regulator-notification",
            () => new { submittedAt = Ago(1.2), regulator = "ICO", reference = "ICO-2026-1", lateReason = "Not late; stated for the record." }),
        Command("POST_api_incidents_id_regulator_follow_up", "dev-dpo", "regulator-follow-up",
            () => new { sentAt = Ago(1.1), information = "The supplier confirmed deletion." }),
        Command("POST_api_incidents_id_data_subject_notification", "dev-dpo", "data-subject-notification",
            () => new { sentAt = Ago(1), channel = "email", recipients = 40 }),
        Command("POST_api_incidents_id_third_party_notifications", "dev-dpo", "third-party-notifications",
            () => new { party = "Acme Payroll", agreement = "DPA-7", notifiedAt = Ago(0.9) }),
        Command("POST_api_incidents_id_close", "dev-dpo", "close",
            () => new { outcome = "Deleted by the recipient; customers told.", lessonsLearned = "Turn off address autocomplete." }),
        // Reopening is what a closed incident allows and an open one forbids.
        new("POST_api_incidents_id_reopen", "dev-dpo", at => Incident(at, "reopen"), () => new { reason = "The supplier found a second copy." },
            Conflict: at => ClosedIncident(at, "reopen").Replace(at.Closed, at.Open)),
        Command("POST_api_incidents_id_assignment", "dev-reporter", "assignment",
            () => new { owner = "sam.sec", note = "Taking it from the night shift." }),
        Command("POST_api_incidents_id_tasks", "dev-oncall", "tasks",
            () => new { title = "Call the supplier", assignee = "sam.sec", dueAt = Iso(DateTimeOffset.UtcNow.AddDays(1)) }),
        new("POST_api_incidents_id_tasks_taskId_done", "dev-oncall", at => $"/api/incidents/{at.Tasks}/tasks/1/done",
            () => new { note = "All 40 reset." }, Conflict: at => ClosedIncident(at, "tasks/1/done")),
        new("POST_api_incidents_id_tasks_taskId_cancel", "dev-oncall", at => $"/api/incidents/{at.Tasks}/tasks/2/cancel",
            () => new { note = "The supplier sent them unasked." }, Conflict: at => ClosedIncident(at, "tasks/2/cancel")),
        Command("POST_api_incidents_id_notes", "dev-oncall", "notes", () => new { text = "The supplier confirmed by phone." }),
        new("POST_api_incidents_id_evidence", "dev-oncall", at => Incident(at, "evidence"), () => (Func<HttpContent>)(() => Evidence()),
            Conflict: at => ClosedIncident(at, "evidence"), Extras: at =>
            [
                new Probe("dev-oncall", Incident(at, "evidence"), "not a multipart body"),            // 400
                new Probe("dev-oncall", Incident(at, "evidence"), (Func<HttpContent>)(() => Evidence((int)EvidenceMaxBytes + 1))), // 413
            ]),
        new("GET_api_incidents_id_evidence", "dev-auditor", at => Incident(at, "evidence")),
        new("GET_api_incidents_id_evidence_evidenceId", "dev-auditor", at => $"/api/incidents/{at.Open}/evidence/{at.Evidence}",
            Conflict: at => $"/api/incidents/{at.Open}/evidence/{at.TamperedEvidence}"),
        new("GET_api_incidents_id_timeline", "dev-auditor", at => Incident(at, "timeline")),
        new("GET_api_incidents_id_audit", "dev-auditor", at => Incident(at, "audit")),
        new("GET_api_incidents_id_drafts", "dev-auditor", at => Incident(at, "drafts")),
        new("GET_api_incidents_id_drafts_kind", "dev-auditor", at => Incident(at, "drafts/dpo-notice"), Extras: at =>
            from accept in new[] { "text/markdown", "text/html", "application/json", "image/png" }
            select new Probe("dev-auditor", Incident(at, "drafts/dpo-notice"), Headers: new Dictionary<string, string> { ["Accept"] = accept })),
        new("GET_api_deadlines", "dev-auditor", _ => "/api/deadlines?within=P30D&includeOverdue=true&limit=10"),
        new("GET_api_escalations", "dev-auditor", _ => "/api/escalations?state=all"),
        new("GET_api_escalations_dead_letters", "dev-oncall", _ => "/api/escalations/dead-letters"),
        new("POST_api_escalations_dead_letters_id_replay", "dev-oncall", at => $"/api/escalations/dead-letters/{at.DeadLetter}/replay"),
        new("GET_api_register", "dev-auditor", _ => "/api/register?status=all&page=1&pageSize=10",
            Extras: _ => [new Probe("dev-auditor", "/api/register?format=csv")]),
        new("GET_api_insights", "dev-auditor", _ => "/api/insights?from=2026-01-01&to=2026-12-31&bucket=month",
            Extras: _ => [new Probe("dev-auditor", "/api/insights?bucket=quarter"), new Probe("dev-dpo", "/api/insights?bucket=week")]),
        new("GET_api_insights_annual_report", "dev-auditor", _ => "/api/insights/annual-report?year=2026",
            Extras: _ => [new Probe("dev-auditor", "/api/insights/annual-report?year=2026&format=csv")]),
        new("GET_api_dashboard_events", "dev-auditor", _ => "/api/dashboard/events"),
        new("GET_api_me", "dev-oncall", _ => "/api/me"),
        new("GET_health_live", null, _ => "/health/live"),
        new("GET_health_ready", null, _ => "/health/ready"),
    ];
}
