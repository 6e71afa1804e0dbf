using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Evidence;

/// <summary>A service whose evidence limit is 2 MB, so a file of several chunks and one past the limit stay quick.</summary>
public sealed class EvidenceFixture : IAsyncLifetime
{
    public const long MaxBytes = 2_000_000;
    public string ConnectionString { get; private set; } = "";
    public RunningService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync();
        Service = await RunningService.StartAsync(ConnectionString, settings: $"BreachDesk:Evidence:MaxBytes={MaxBytes}");
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();
}

public class EvidenceTests(EvidenceFixture fixture) : IClassFixture<EvidenceFixture>
{
    private static byte[] Bytes(int size) => Enumerable.Range(0, size).Select(i => (byte)(i * 31 % 251)).ToArray();

    private async Task<(IncidentClient Incident, HttpResponseMessage Response)> Upload(byte[] content, string fileName = "firewall-log.txt", string key = "dev-oncall")
    {
        var incident = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));
        return (incident, await UploadTo(incident.Id, content, fileName, key));
    }

    private Task<HttpResponseMessage> UploadTo(string incidentId, byte[] content, string fileName, string key = "dev-oncall")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("Firewall log of the night of the breach"), "description" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        return fixture.Service.Client(key).PostAsync($"/api/incidents/{incidentId}/evidence", form);
    }

    [Fact]
    public async Task A_file_of_several_chunks_comes_back_byte_for_byte_with_its_digest_and_each_download_is_in_its_custody()
    {
        var content = Bytes(1_500_000); // six chunks of 256 KiB
        var (incident, response) = await Upload(content);
        var created = await response.ExpectJson(HttpStatusCode.Created);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(sha, created.Text("sha256"));
        Assert.Equal(content.Length, created["size"]!.GetValue<long>());
        Assert.Equal("dev-oncall", created.Text("uploadedBy"));
        Assert.Equal("Firewall log of the night of the breach", created.Text("description"));
        var id = created.Text("id");

        var download = await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{incident.Id}/evidence/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal($"sha-256={Convert.ToBase64String(SHA256.HashData(content))}", download.Headers.GetValues("Digest").Single());
        Assert.Equal("firewall-log.txt", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);

        var list = await (await fixture.Service.Client("dev-dpo").GetAsync($"/api/incidents/{incident.Id}/evidence")).ExpectJsonArray(HttpStatusCode.OK);
        var custody = list.Single()!["custody"]!.AsArray();
        Assert.Equal(["uploaded", "downloaded"], custody.Select(c => c!["action"]!.GetValue<string>()));
        Assert.Equal("dev-auditor", custody[1]!["actor"]!.GetValue<string>());
        Assert.Contains((await incident.Timeline()), e => e!["kind"]!.GetValue<string>() == "evidence-added");
    }

    [Fact]
    public async Task A_file_changed_in_the_database_is_refused_and_not_served()
    {
        var (incident, response) = await Upload(Bytes(300_000));
        var id = (await response.ExpectJson(HttpStatusCode.Created)).Text("id");

        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                "UPDATE breachdesk.evidence_chunks SET data = overlay(data placing '\\x00'::bytea from 10) WHERE evidence_id = $1 AND seq = 1", connection);
            tamper.Parameters.AddWithValue(Guid.Parse(id));
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var download = await fixture.Service.Client("dev-dpo").GetAsync($"/api/incidents/{incident.Id}/evidence/{id}");
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        Assert.Equal("application/problem+json", download.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no longer", await download.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_past_the_limit_is_a_413_and_nothing_of_it_is_kept()
    {
        var chunksBefore = await CountChunks();
        var (incident, response) = await Upload(Bytes((int)EvidenceFixture.MaxBytes + 1));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, (await incident.View())["version"]!.GetValue<long>());
        Assert.Equal(chunksBefore, await CountChunks());
    }

    [Fact]
    public async Task Bad_uploads_are_refused_with_a_problem_and_roles_are_enforced()
    {
        var incident = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));
        var noFile = await fixture.Service.Client("dev-oncall").PostAsync($"/api/incidents/{incident.Id}/evidence",
            new MultipartFormDataContent { { new StringContent("just words"), "description" } });
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("file", (await noFile.ExpectJson(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(p => p.Key));

        var json = await fixture.Service.Client("dev-oncall").PostAsync($"/api/incidents/{incident.Id}/evidence", new StringContent("{}", null, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await UploadTo(incident.Id, Bytes(10), "x.txt", key: "dev-auditor")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadTo(Guid.NewGuid().ToString(), Bytes(10), "x.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Service.Client("dev-oncall").GetAsync($"/api/incidents/{incident.Id}/evidence")).StatusCode);
        Assert.Equal(1, (await incident.View())["version"]!.GetValue<long>());
    }

    private async Task<long> CountChunks()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM breachdesk.evidence_chunks", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
