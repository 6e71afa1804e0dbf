using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Operations;

/// <summary>Tests that need a service of their own: a production-like key configuration, a fake clock, a restart.</summary>
public class RestartAndConfiguredKeyTests
{
    private const string SiemKey = "siem-key-3f9a1c";
    private const string AuditToolKey = "audit-tool-key-77b2";
    // Only the hash is configured, as an operator would do; the key itself never is.
    private static readonly string SiemKeyHash = BreachDesk.Infrastructure.Auth.ApiKeyStore.Hash(SiemKey);

    [Fact]
    public async Task An_incident_survives_a_restart_and_its_deadlines_are_evaluated_against_the_clock_of_reading()
    {
        var database = await TestDatabase.CreateAsync();
        var reportedAt = DateTimeOffset.Parse("2026-05-04T09:00:00Z");
        var clock = new FakeTimeProvider(reportedAt);

        string id;
        await using (var first = await StartWithConfiguredKey(database, clock))
        {
            var incident = await first.Client(SiemKey).ReportedIncident(new
            {
                title = "SIEM alert: bulk export", description = "d",
                discoveredAt = "2026-05-04T08:30:00Z", occurredAt = "2026-05-04T08:00:00Z", source = "automated",
            });
            id = incident["id"]!.GetValue<string>();
            Assert.Equal("pending", incident["deadlines"]!["dpo"]!["status"]!.GetValue<string>());
            Assert.Equal("siem", incident["reportedBy"]!.GetValue<string>());
        }

        clock.Advance(TimeSpan.FromHours(7));
        await using var second = await StartWithConfiguredKey(database, clock);
        var read = await (await second.Client(SiemKey).GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);

        Assert.Equal("2026-05-04T14:00:00Z", read["deadlines"]!["dpo"]!["dueAt"]!.GetValue<string>());
        Assert.Equal("missed", read["deadlines"]!["dpo"]!["status"]!.GetValue<string>());
        Assert.Equal("pending", read["deadlines"]!["regulator"]!["status"]!.GetValue<string>());
        var timeline = await (await second.Client(SiemKey).GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        // Escalation checkpoints may have fired meanwhile (the clock moved 7 hours): the report is still the first fact.
        Assert.Equal("incident-reported", timeline[0]!["kind"]!.GetValue<string>());
        Assert.Single(timeline, e => e!["kind"]!.GetValue<string>() == "incident-reported");
    }

    [Fact]
    public async Task Development_keys_do_not_exist_unless_enabled_and_a_configured_key_only_has_its_roles()
    {
        await using var service = await StartWithConfiguredKey(await TestDatabase.CreateAsync(), TimeProvider.System);

        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client("dev-admin").GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client(SiemKeyHash).GetAsync("/api/incidents")).StatusCode);

        await service.Client(SiemKey).ReportedIncident();
        var byAuditTool = await service.Client(AuditToolKey).PostAsJsonAsync("/api/incidents", ReportBody());
        Assert.Equal(HttpStatusCode.Forbidden, byAuditTool.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client(AuditToolKey).GetAsync("/api/incidents")).StatusCode);
    }

    private static Task<RunningService> StartWithConfiguredKey(string database, TimeProvider clock) =>
        RunningService.StartAsync(database, builder =>
        {
            builder.Configuration["BreachDesk:Auth:DevKeys"] = "false";
            builder.Configuration["BreachDesk:Auth:ApiKeys:0:Name"] = "siem";
            builder.Configuration["BreachDesk:Auth:ApiKeys:0:Sha256"] = SiemKeyHash;
            builder.Configuration["BreachDesk:Auth:ApiKeys:0:Roles:0"] = "reporter";
            builder.Configuration["BreachDesk:Auth:ApiKeys:1:Name"] = "audit-tool";
            builder.Configuration["BreachDesk:Auth:ApiKeys:1:Sha256"] = BreachDesk.Infrastructure.Auth.ApiKeyStore.Hash(AuditToolKey);
            builder.Configuration["BreachDesk:Auth:ApiKeys:1:Roles:0"] = "auditor";
            builder.Services.AddSingleton(clock);
        });
}

public class DevelopmentApiPageTests
{
    [Fact]
    public async Task In_development_the_interactive_api_page_and_its_document_are_served()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(),
            builder => builder.Environment.EnvironmentName = "Development");
        var anonymous = service.Client(apiKey: null);

        var page = await anonymous.GetAsync("/api-docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/incidents")).StatusCode);
    }
}
