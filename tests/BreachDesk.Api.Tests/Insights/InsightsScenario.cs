using System.Globalization;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Insights;

/// <summary>
/// Five incidents whose figures are known, in a database of their own, told apart by when they were discovered:
/// <list type="bullet">
/// <item>A (staff, 40 days ago): DPO told after 2 h, contact and financial data, risk, ICO told after 48 h (on time),
/// 120 people told;</item>
/// <item>B (processor, 40 days ago): DPO told after 10 h (late), contact data, high risk, ICO told after 80 h (late, with a reason);</item>
/// <item>D (automated, 40 days ago): DPO told after 4 h, credentials, no risk (no report due), closed;</item>
/// <item>C (third party, 8 hours ago): nobody told, no impact recorded: its DPO clock is overdue now;</item>
/// <item>E (staff, 800 days ago): outside every period asked for below; told, assessed, closed.</item>
/// </list>
/// </summary>
public sealed class InsightsScenario : IAsyncLifetime
{
    public RunningService Service { get; private set; } = null!;
    public DateTimeOffset Earlier { get; } = DateTimeOffset.UtcNow.AddDays(-40).AddHours(-1);
    public DateTimeOffset Recent { get; } = DateTimeOffset.UtcNow.AddHours(-8);
    public string A { get; private set; } = "";
    public string B { get; private set; } = "";
    public string C { get; private set; } = "";
    public string D { get; private set; } = "";

    public static string Month(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    public static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        // Development, as the dashboard tests run it: the browser tests of the insights page use this service too.
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null, "environment=Development");
        var a = await Report("A: laptop left on a train", Earlier, "staff");
        await a.Do("dpo-notification", DpoNotice(Earlier.AddHours(2)));
        await a.Do("impact", Impact(["contact", "financial"], 300));
        await a.Do("risk-assessment", new { level = "risk", rationale = "Contact and bank details." });
        await a.Do("regulator-notification", new { submittedAt = Iso(Earlier.AddHours(48)), regulator = "ICO", reference = "ICO-A" });
        await a.Do("data-subject-notification", new { sentAt = Iso(Earlier.AddHours(50)), channel = "letter", recipients = 120 });

        var b = await Report("B: processor's bucket left public", Earlier.AddMinutes(10), "processor");
        await b.Do("dpo-notification", DpoNotice(Earlier.AddMinutes(10).AddHours(10)));
        await b.Do("impact", Impact(["contact"], 50));
        await b.Do("risk-assessment", new { level = "high", rationale = "Addresses of vulnerable customers." });
        await b.Do("regulator-notification", new
        {
            submittedAt = Iso(Earlier.AddMinutes(10).AddHours(80)), regulator = "ICO", reference = "ICO-B",
            lateReason = "The processor told us of the scope only on day three.",
        });

        var d = await Report("D: password hashes in a log", Earlier.AddMinutes(20), "automated");
        await d.Do("dpo-notification", DpoNotice(Earlier.AddMinutes(20).AddHours(4)));
        await d.Do("impact", Impact(["credentials"], null));
        await d.Do("risk-assessment", new { level = "none", rationale = "Salted hashes, rotated the same day." });
        await d.Do("close", new { outcome = "Log purged.", lessonsLearned = "Scrub logs." });

        var c = await Report("C: supplier's mailing list", Recent, "third-party");

        var old = DateTimeOffset.UtcNow.AddDays(-800);
        var e = await Report("E: long ago", old, "staff");
        await e.Do("dpo-notification", DpoNotice(old.AddHours(1)));
        await e.Do("risk-assessment", new { level = "none", rationale = "Nothing left the building." });
        await e.Do("close", new { outcome = "Nothing lost.", lessonsLearned = "None." });

        (A, B, C, D) = (await Reference(a), await Reference(b), await Reference(c), await Reference(d));
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();

    private async Task<IncidentClient> Report(string title, DateTimeOffset discoveredAt, string source) =>
        await IncidentClient.Reported(Service, new
        {
            title, description = "Known facts for the insights.", discoveredAt = Iso(discoveredAt), source, systems = new[] { "mail" },
        });

    private static async Task<string> Reference(IncidentClient incident) => (await incident.View())["reference"]!.GetValue<string>();

    private static object DpoNotice(DateTimeOffset at) =>
        new { notifiedAt = Iso(at), channel = "email", howItOccurred = "As reported.", likelyImpact = "As assessed." };

    private static object Impact(string[] categories, int? people) => new
    {
        breachTypes = new[] { "confidentiality" }, dataCategories = categories, approxDataSubjects = people,
        identifiability = "maximum", dataEncrypted = false,
    };
}
