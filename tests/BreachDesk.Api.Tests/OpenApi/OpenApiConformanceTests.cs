using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BreachDesk.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is exactly true: every operation is driven through its success and each error status it
/// documents, over real HTTP against the real service, and every real response is checked against the served
/// document (status documented, content type documented, body valid against its schema). Most statuses come from the
/// document itself (401 without a key, 403 with a key of no role, 404 with unknown ids, 412 with a stale If-Match, 415
/// with text, 400 with each required field left out); the examples table says only how to succeed and where a
/// state forbids a command. Every documented status must be seen, and every route the service maps must be documented.
/// </summary>
public sealed class OpenApiConformanceTests : IAsyncLifetime
{
    private const string NoRoleKey = "conformance-no-role";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private RunningService _service = null!;
    private string _serviceConnection = "";
    private string _limitsConnection = "";
    private RunningService _limits = null!;
    private readonly SmtpReceiver _mail = SmtpReceiver.Start();
    private readonly List<string> _failures = [];
    private readonly HashSet<(string Operation, string Status)> _seen = [];
    private OpenApiDocument _document = null!;

    public async Task InitializeAsync()
    {
        _serviceConnection = await TestDatabase.CreateAsync();
        _service = await RunningService.StartAsync(_serviceConnection, null,
            "BreachDesk:Auth:ApiKeys:0:Name=no-role", $"BreachDesk:Auth:ApiKeys:0:Sha256={ApiKeyStore.Hash(NoRoleKey)}",
            // Every alert fails at once (nothing listens on port 1) and is dead-lettered after one quick retry.
            "BreachDesk:Escalation:Targets:oncall-primary:0:Channel=webhook",
            "BreachDesk:Escalation:Targets:oncall-primary:0:Url=http://127.0.0.1:1/alerts",
            "BreachDesk:Escalation:Targets:oncall-primary:0:Secret=conformance",
            "BreachDesk:Escalation:RetryDelays:0=PT1S",
            // The DPO notice is e-mailed to a real receiver, stopped at the end for the 502 (DriveMailServerDown).
            "BreachDesk:Dpo:Email=dpo@example.org", "BreachDesk:Escalation:Smtp:Host=127.0.0.1", $"BreachDesk:Escalation:Smtp:Port={_mail.Port}",
            // Evidence past a kilobyte is refused, so the 413 needs no large upload.
            $"BreachDesk:Evidence:MaxBytes={OperationExamples.EvidenceMaxBytes}",
            // Those failed deliveries are meant: their stack traces would bury the test's own output.
            "Logging:LogLevel:BreachDesk.Escalating.Alerts.DeliverAlert=None");
        // A second service whose limits are tiny: one write a minute, reads cut off after a second.
        _limitsConnection = await TestDatabase.CreateAsync();
        _limits = await RunningService.StartAsync(_limitsConnection, null,
            "BreachDesk:RateLimits:WritesPerMinute=1", "BreachDesk:Http:RequestTimeoutSeconds=1");
        var served = await _service.Client("dev-auditor").GetStringAsync("/openapi/v1.json");
        _document = new OpenApiDocument(JsonNode.Parse(served)!.AsObject());
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _limits.DisposeAsync();
        await _mail.DisposeAsync();
    }

    [Fact]
    public async Task Every_response_of_every_operation_is_what_the_document_says()
    {
        var examples = OperationExamples.All.ToDictionary(e => e.OperationId);
        var withoutExample = _document.Operations.Where(o => !examples.ContainsKey(o.Id)).ToList();
        Assert.True(withoutExample.Count == 0, $"Documented operations without an example in OperationExamples: {string.Join(", ", withoutExample)}");

        var scenario = await GivenScenario();
        foreach (var example in OperationExamples.All)
        {
            var operation = _document.Operation(example.OperationId);
            await Drive(operation, example, scenario);
        }
        await OptionalFieldsAreOptional(scenario);
        await DriveMailServerDown(scenario);
        await DriveLimits();

        var unseen = _document.Operations.SelectMany(o => o.Statuses.Select(s => (o, s))).Where(p => !_seen.Contains((p.o.Id, p.s)))
            .Select(p => $"{p.o} {p.s}: documented but never answered in this test.");
        _failures.AddRange(unseen);
        _failures.AddRange(UndocumentedRoutes());
        Assert.True(_failures.Count == 0, string.Join("\n", _failures));
    }

    /// <summary>An incident with an acknowledgeable escalation and a dead letter, a closed incident, and drafts.</summary>
    private async Task<Scenario> GivenScenario()
    {
        var reporter = _service.Client("dev-reporter");
        var open = (string)(await reporter.ReportedIncident(OperationExamples.Report()))["id"]!;
        var closed = (string)(await reporter.ReportedIncident(OperationExamples.Report()))["id"]!;
        var dpo = _service.Client("dev-dpo");
        (await dpo.PostJson($"/api/incidents/{closed}/risk-assessment", """{"level":"none","rationale":"No personal data."}""")).EnsureSuccessStatusCode();
        (await dpo.PostJson($"/api/incidents/{closed}/close", """{"outcome":"Not a breach."}""")).EnsureSuccessStatusCode();

        // The DPO clock's first checkpoint fires when an incident is reported; its alert fails and is dead-lettered.
        var oncall = _service.Client("dev-oncall");
        var escalation = await Eventually(async () =>
            (await oncall.GetFromJson("/api/escalations?state=all")).AsArray().FirstOrDefault(e => (string?)e!["incidentId"] == open)?["id"]?.ToString());
        var deadLetter = await Eventually(async () =>
            (await oncall.GetFromJson("/api/escalations/dead-letters")).AsArray().FirstOrDefault()?["id"]?.ToString());
        await Eventually(async () =>
            (await oncall.GetFromJson($"/api/incidents/{open}/drafts")).AsArray().Any(d => (string?)d!["kind"] == "dpo-notice") ? "yes" : null);
        var evidence = await GivenEvidence(open);
        var tampered = await GivenEvidence(open);
        await using (var connection = new NpgsqlConnection(_serviceConnection))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE breachdesk.evidence_chunks SET data = '\\x01'::bytea WHERE evidence_id = $1", connection);
            tamper.Parameters.AddWithValue(Guid.Parse(tampered));
            await tamper.ExecuteNonQueryAsync();
        }
        return new Scenario(open, closed, escalation, deadLetter, await GivenTwoTasks(), evidence, tampered);
    }

    private async Task<string> GivenEvidence(string incident)
    {
        var response = await _service.Client("dev-oncall").PostAsync($"/api/incidents/{incident}/evidence", OperationExamples.Evidence());
        return (string)(await response.ExpectJson(HttpStatusCode.Created))["id"]!;
    }

    /// <summary>An incident with two open tasks: one to complete, one to cancel.</summary>
    private async Task<string> GivenTwoTasks()
    {
        var reporter = _service.Client("dev-reporter");
        var id = (string)(await reporter.ReportedIncident(OperationExamples.Report()))["id"]!;
        foreach (var title in new[] { "Reset the exposed passwords", "Ask the supplier for its logs" })
            (await reporter.PostJson($"/api/incidents/{id}/tasks", JsonSerializer.Serialize(new { title }))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task Drive(DocumentedOperation operation, Example example, Scenario at)
    {
        var statuses = operation.Statuses.ToHashSet();
        await Send(_service, operation, example.Success(at));
        foreach (var extra in example.Extras?.Invoke(at) ?? []) await Send(_service, operation, extra);

        var success = example.Success(at);
        if (statuses.Contains("401")) await Send(_service, operation, success with { Key = null });
        if (statuses.Contains("403")) await Send(_service, operation, success with { Key = NoRoleKey });
        if (statuses.Contains("404")) await Send(_service, operation, success with { Url = WithUnknownIds(operation.Path, success.Url) });
        if (statuses.Contains("409") && example.Conflict is { } conflict) await Send(_service, operation, success with { Url = conflict(at) });
        if (statuses.Contains("412")) await Send(_service, operation, success with { Headers = new Dictionary<string, string> { ["If-Match"] = "\"999999\"" } });
        if (statuses.Contains("415")) await Send(_service, operation, success, contentType: "text/plain");
        foreach (var bad in BadRequests(operation, success)) await Send(_service, operation, bad);
    }

    /// <summary>
    /// Every command again, on an incident of its own, with only the fields the document marks required: a field the
    /// document calls optional must really be optional.
    /// </summary>
    private async Task OptionalFieldsAreOptional(Scenario scenario)
    {
        var minimal = (string)(await _service.Client("dev-reporter").ReportedIncident(OperationExamples.Report()))["id"]!;
        foreach (var example in OperationExamples.All)
        {
            var operation = _document.Operation(example.OperationId);
            if (!operation.HasJsonBody || example.Body is null) continue;
            var full = JsonSerializer.SerializeToNode(example.Body())!.AsObject();
            var required = RequiredFields(operation).ToHashSet();
            var body = new JsonObject(full.Where(f => required.Contains(f.Key)).Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone())));
            var probe = new Probe(example.Key, example.Url(scenario with { Open = minimal, Tasks = await GivenTwoTasks() }), body);
            if (await Send(_service, operation, probe) is not (200 or 201))
                _failures.Add($"{operation} with only its required fields ({string.Join(", ", required)}) did not succeed.");
        }
    }

    /// <summary>Every route value replaced by an unknown id (a draft kind included: an unknown kind is a 404 too).</summary>
    private static string WithUnknownIds(string template, string url)
    {
        var query = url.Contains('?') ? url[url.IndexOf('?')..] : "";
        return System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", _ => Guid.NewGuid().ToString()) + query;
    }

    /// <summary>
    /// Each required field left out (a 400 naming it: the document's 'required' must be what the validation requires),
    /// a field that does not exist, and each query value replaced by one no parameter accepts.
    /// </summary>
    private IEnumerable<Probe> BadRequests(DocumentedOperation operation, Probe success)
    {
        if (operation.HasJsonBody && success.Body is { } body)
        {
            var full = JsonSerializer.SerializeToNode(body)!.AsObject();
            yield return success with { Body = new Dictionary<string, object> { ["notAField"] = 1 } };
            foreach (var field in RequiredFields(operation))
            {
                var without = full.DeepClone().AsObject();
                without.Remove(field);
                yield return success with { Body = without, LeftOut = field };
            }
        }
        var path = success.Url.Split('?')[0];
        foreach (var parameter in operation.QueryParameters)
            yield return success with { Url = $"{path}?{parameter}=%21" };
    }

    private IEnumerable<string> RequiredFields(DocumentedOperation operation)
    {
        var schema = operation.Node["requestBody"]!["content"]!["application/json"]!["schema"]!;
        if (schema["$ref"] is { } reference)
            schema = _document.Root["components"]!["schemas"]![((string)reference!).Split('/').Last()]!;
        return schema["required"]?.AsArray().Select(r => (string)r!) ?? [];
    }

    /// <summary>502 from the DPO-notice send once the mail server is gone.</summary>
    private async Task DriveMailServerDown(Scenario scenario)
    {
        await _mail.DisposeAsync();
        var example = OperationExamples.All.Single(e => e.OperationId == "POST_api_incidents_id_dpo_notice_send");
        await Send(_service, _document.Operation(example.OperationId), example.Success(scenario));
    }

    /// <summary>429 on every write, 504 on every read under the time limit, 503 from readiness without the database.</summary>
    private async Task DriveLimits()
    {
        var unknown = Scenario.Unknown();
        var examples = OperationExamples.All.ToDictionary(e => e.OperationId);
        var writes = _document.Operations.Where(o => o.Statuses.Contains("429")).ToList();
        // The one write of this minute, used up.
        await _limits.Client("dev-admin").PostJson("/api/incidents", JsonSerializer.Serialize(OperationExamples.Report()));
        foreach (var operation in writes)
            await Send(_limits, operation, examples[operation.Id].Success(unknown) with { Key = "dev-admin" });

        // Every table locked: every read waits on PostgreSQL until the time limit cancels it.
        await using (var connection = new NpgsqlConnection(_limitsConnection))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
                connection, transaction))
            await using (var reader = await list.ExecuteReaderAsync())
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            await new NpgsqlCommand($"LOCK TABLE {string.Join(", ", tables)} IN ACCESS EXCLUSIVE MODE", connection, transaction).ExecuteNonQueryAsync();
            var reads = _document.Operations.Where(o => o.Statuses.Contains("504"));
            await Task.WhenAll(reads.Select(o => Send(_limits, o, examples[o.Id].Success(unknown) with { Key = "dev-admin" })));
            await transaction.RollbackAsync();
        }

        // No connection to the database: readiness says so.
        var database = new NpgsqlConnectionStringBuilder(_limitsConnection).Database;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_limitsConnection) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false", admin).ExecuteNonQueryAsync();
        try
        {
            await new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'", admin).ExecuteNonQueryAsync();
            var ready = _document.Operation("GET_health_ready");
            var client = _limits.Client(apiKey: null);
            await Eventually(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable ? "yes" : null);
            await Send(_limits, ready, new Probe(null, "/health/ready"));
        }
        finally
        {
            await new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true", admin).ExecuteNonQueryAsync();
        }
    }

    private async Task<int> Send(RunningService service, DocumentedOperation operation, Probe probe, string contentType = "application/json")
    {
        using var client = service.Client(probe.Key);
        client.DefaultRequestHeaders.Accept.Clear();
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), probe.Url);
        foreach (var (name, value) in probe.Headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        if (probe.Body is Func<HttpContent> content) // a multipart upload: content is consumed by sending, so made anew
            request.Content = content();
        else if (probe.Body is { } body)
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, contentType);

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var text = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? await FirstEvent(response)
            : await response.Content.ReadAsStringAsync();
        // The reads under the time limit are sent at once; the validator and the records are not for concurrent use.
        lock (_failures)
        {
            _seen.Add((operation.Id, status.ToString()));
            _failures.AddRange(_document.Check(operation, status, response, text));
            if (probe.LeftOut is { } field && (status != 400 || JsonNode.Parse(text)?["errors"]?[field] is null))
                _failures.Add($"{operation} leaves out '{field}', which the document marks required, and answered {status} without an error for it: {text}");
        }
        return status;
    }

    /// <summary>A stream never ends: its first event (sent at once) is the body to check.</summary>
    private static async Task<string> FirstEvent(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && text.Length > 0) break;
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Routes the service maps (beside static files and the document itself) that the document does not describe.</summary>
    private IEnumerable<string> UndocumentedRoutes()
    {
        var documented = _document.Operations.Select(o => (o.Method, o.Path)).ToHashSet();
        foreach (var endpoint in _service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }) continue;
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (path.StartsWith("/openapi/", StringComparison.Ordinal)) continue;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Where(m => m != "HEAD" && m != "OPTIONS"))
                if (!documented.Contains((method, path))) yield return $"{method} {path}: served but not in the OpenAPI document.";
        }
    }

    private static async Task<string> Eventually(Func<Task<string?>> probe)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Not within {Patience.TotalSeconds} s.");
    }
}

internal static class JsonReads
{
    public static async Task<JsonNode> GetFromJson(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
