using System.Net;
using System.Net.Http.Json;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Security;

/// <summary>
/// Who may call what (API.md), as one table. Every route × every kind of caller becomes a test case, and a second
/// test fails when the service has an /api route the table lacks: a new route must be added here to pass.
/// </summary>
public static class RouteTable
{
    /// <param name="Body">A body the route accepts where that is cheap, so that allowed calls mostly succeed.</param>
    public sealed record Route(string Method, string Template, string[] Allowed, Func<object>? Body = null)
    {
        public string Name => $"{Method} {Template}";
    }

    private static readonly string[] Everyone = [Roles.Reporter, Roles.Dpo, Roles.OnCall, Roles.Auditor, Roles.Admin];
    private static string Recently => Iso(HoursAgo(0.25));

    public static readonly Route[] Routes =
    [
        new("GET", "/api/incidents", Everyone),
        new("POST", "/api/incidents", [Roles.Reporter, Roles.Dpo, Roles.Admin], () => ReportBody()),
        new("GET", "/api/incidents/{id}", Everyone),
        new("GET", "/api/incidents/{id}/timeline", Everyone),
        new("POST", "/api/incidents/{id}/occurrence", [Roles.Reporter, Roles.Dpo],
            () => new { occurredAt = Iso(HoursAgo(2)), isEstimate = true, reason = "Logs show the first access earlier." }),
        new("POST", "/api/incidents/{id}/dpo-notification", [Roles.Reporter, Roles.Dpo, Roles.OnCall],
            () => new { notifiedAt = Recently, channel = "email", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." }),
        // No DPO address in this service: allowed callers get a 409 and nothing is sent.
        new("POST", "/api/incidents/{id}/dpo-notice/send", [Roles.Reporter, Roles.Dpo, Roles.OnCall]),
        new("POST", "/api/incidents/{id}/containment", [Roles.Reporter, Roles.Dpo, Roles.OnCall],
            () => new { action = "Asked the recipient to delete the e-mail.", takenAt = Recently }),
        new("POST", "/api/incidents/{id}/impact", [Roles.Reporter, Roles.Dpo],
            () => new { breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 40, identifiability = "maximum" }),
        new("POST", "/api/incidents/{id}/risk-assessment", [Roles.Dpo], () => new { level = "risk", rationale = "Contact details only." }),
        new("POST", "/api/incidents/{id}/regulator-notification", [Roles.Dpo],
            () => new { submittedAt = Recently, regulator = "ICO", reference = "ICO-0001" }),
        new("POST", "/api/incidents/{id}/regulator-follow-up", [Roles.Dpo], () => new { sentAt = Recently, information = "Final numbers." }),
        new("POST", "/api/incidents/{id}/data-subject-notification", [Roles.Dpo], () => new { sentAt = Recently, channel = "letter", recipients = 40 }),
        new("POST", "/api/incidents/{id}/third-party-notifications", [Roles.Dpo],
            () => new { party = "Acme Payroll Ltd", agreement = "DSA-7", notifiedAt = Recently }),
        new("POST", "/api/incidents/{id}/close", [Roles.Dpo], () => new { outcome = "Contained.", lessonsLearned = "Check recipients." }),
        new("POST", "/api/incidents/{id}/reopen", [Roles.Dpo], () => new { reason = "New facts." }),
        new("POST", "/api/incidents/{id}/assignment", [Roles.Reporter, Roles.Dpo], () => new { owner = "sam.sec" }),
        new("POST", "/api/incidents/{id}/tasks", [Roles.Reporter, Roles.Dpo, Roles.OnCall], () => new { title = "Reset passwords" }),
        new("POST", "/api/incidents/{id}/tasks/{taskId}/done", [Roles.Reporter, Roles.Dpo, Roles.OnCall], () => new { note = "Done." }),
        new("POST", "/api/incidents/{id}/tasks/{taskId}/cancel", [Roles.Reporter, Roles.Dpo, Roles.OnCall], () => new { note = "Not needed." }),
        new("POST", "/api/incidents/{id}/notes", [Roles.Reporter, Roles.Dpo, Roles.OnCall], () => new { text = "Spoke to the processor." }),
        // A JSON body where a multipart file is expected: allowed callers get 400, which is past authorization.
        new("POST", "/api/incidents/{id}/evidence", [Roles.Reporter, Roles.Dpo, Roles.OnCall]),
        new("GET", "/api/incidents/{id}/evidence", [Roles.Reporter, Roles.Dpo, Roles.Auditor, Roles.Admin]),
        new("GET", "/api/incidents/{id}/evidence/{evidenceId}", [Roles.Reporter, Roles.Dpo, Roles.Auditor, Roles.Admin]),
        new("GET", "/api/incidents/{id}/audit", [Roles.Auditor, Roles.Dpo, Roles.Admin]),
        new("GET", "/api/deadlines", Everyone),
        new("GET", "/api/register", [Roles.Dpo, Roles.Auditor, Roles.Admin]),
        new("GET", "/api/insights", [Roles.Dpo, Roles.Auditor, Roles.Admin]),
        new("GET", "/api/insights/annual-report", [Roles.Dpo, Roles.Auditor, Roles.Admin]),
        new("GET", "/api/incidents/{id}/drafts", Everyone),
        new("GET", "/api/incidents/{id}/drafts/{kind}", Everyone),
        new("GET", "/api/escalations", Everyone),
        // {id} is an incident's id here, not an escalation's: a caller the route allows gets 404, others 401/403.
        new("POST", "/api/escalations/{id}/ack", [Roles.Dpo, Roles.OnCall]),
        new("GET", "/api/escalations/dead-letters", [Roles.OnCall, Roles.Dpo, Roles.Admin]),
        new("POST", "/api/escalations/dead-letters/{id}/replay", [Roles.OnCall, Roles.Admin]),
        // A stream that stays open: the test reads only its status line (headers), then lets go.
        new("GET", "/api/dashboard/events", Everyone),
        new("GET", "/api/me", Everyone),
    ];

    /// <summary>A caller: its API key (none: anonymous) and the roles it carries.</summary>
    public sealed record Caller(string Name, string? Key, string[] Roles);

    public const string AdminOnlyKey = "admin-only-key-5d0e";

    public static readonly Caller[] Callers =
    [
        new("anonymous", null, []),
        new("reporter", "dev-reporter", [Roles.Reporter]),
        new("dpo", "dev-dpo", [Roles.Dpo]),
        new("oncall", "dev-oncall", [Roles.OnCall]),
        new("auditor", "dev-auditor", [Roles.Auditor]),
        new("admin-only", AdminOnlyKey, [Roles.Admin]),
        new("dev-admin (every role)", "dev-admin", Roles.All),
    ];
}

public sealed class RoleMatrixFixture : IAsyncLifetime
{
    public RunningService Service { get; private set; } = null!;
    public string IncidentId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null,
            "BreachDesk:Auth:ApiKeys:0:Name=admin-tool",
            $"BreachDesk:Auth:ApiKeys:0:Sha256={ApiKeyStore.Hash(RouteTable.AdminOnlyKey)}",
            "BreachDesk:Auth:ApiKeys:0:Roles:0=admin");
        IncidentId = (await Service.Client().ReportedIncident())["id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();
}

public class RoleMatrixTests(RoleMatrixFixture fixture) : IClassFixture<RoleMatrixFixture>
{
    public static IEnumerable<object[]> Cases() =>
        from route in RouteTable.Routes
        from caller in RouteTable.Callers
        select new object[] { route.Name, caller.Name };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_what_its_roles_allow(string routeName, string callerName)
    {
        var route = RouteTable.Routes.Single(r => r.Name == routeName);
        var caller = RouteTable.Callers.Single(c => c.Name == callerName);
        var client = fixture.Service.Client(caller.Key);
        var url = route.Template.Replace("{id}", fixture.IncidentId).Replace("{kind}", "dpo-notice").Replace("{taskId}", "1").Replace("{evidenceId}", Guid.Empty.ToString());

        var response = route.Method == "GET"
            ? await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)
            : await client.PostAsJsonAsync(url, route.Body?.Invoke() ?? new { });
        var status = response.StatusCode;
        using var _ = response;

        if (caller.Key is null)
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        else if (caller.Roles.Intersect(route.Allowed).Any())
        {
            // Allowed past authorization; the request itself may still be refused (400, 404, 409): that is not this test's concern.
            // The body is read only when refused: an event stream's body never ends.
            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                Assert.Fail($"{callerName} should be allowed {routeName}, got {(int)status}: {await response.Content.ReadAsStringAsync()}");
        }
        else
            Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public void Every_api_route_the_service_serves_is_in_the_route_table_and_every_row_is_served()
    {
        var served = fixture.Service.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(name => name.Contains(" /api/", StringComparison.Ordinal))
            .ToHashSet();
        var tabled = RouteTable.Routes.Select(r => r.Name).ToHashSet();

        Assert.NotEmpty(served);
        Assert.True(served.IsSubsetOf(tabled), $"Routes missing from RouteTable.Routes: {string.Join(", ", served.Except(tabled))}");
        Assert.True(tabled.IsSubsetOf(served), $"RouteTable.Routes rows the service does not serve: {string.Join(", ", tabled.Except(served))}");
    }
}
