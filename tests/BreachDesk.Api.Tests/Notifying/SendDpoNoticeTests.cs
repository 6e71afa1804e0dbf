using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using MimeKit;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Notifying;

/// <summary>One service whose DPO notice goes to a real SMTP receiver on loopback.</summary>
public sealed class DpoMailFixture : IAsyncLifetime
{
    public const string DpoAddress = "dpo@example.org";
    public SmtpReceiver Smtp { get; } = SmtpReceiver.Start();
    public RunningService Service { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), builder =>
        {
            builder.Configuration["BreachDesk:Dpo:Email"] = DpoAddress;
            builder.Configuration["BreachDesk:Dpo:Name"] = "Dana Protection";
            builder.Configuration["BreachDesk:Escalation:Smtp:Host"] = "127.0.0.1";
            builder.Configuration["BreachDesk:Escalation:Smtp:Port"] = Smtp.Port.ToString();
            builder.Configuration["BreachDesk:Escalation:Smtp:From"] = "breachdesk@example.org";
        });

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// <c>POST /api/incidents/{id}/dpo-notice/send</c>: the DPO receives the draft as it reads in BreachDesk, and the
/// notice is on the record with the version sent; nothing is recorded when nothing could be sent.
/// </summary>
public class SendDpoNoticeTests(DpoMailFixture fixture) : IClassFixture<DpoMailFixture>
{
    private static string Normalised(string text) => text.Replace("\r\n", "\n").Trim();

    private async Task<(IncidentClient Incident, string Reference)> Reported(RunningService service)
    {
        var body = await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(2)));
        return (new IncidentClient(service, body["id"]!.GetValue<string>()), body["reference"]!.GetValue<string>());
    }

    private async Task<List<MimeMessage>> MailsAbout(string reference) =>
        await Task.FromResult(fixture.Smtp.Messages
            .Select(raw => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw))))
            .Where(m => m.Headers["X-BreachDesk-Incident"] == reference).ToList());

    private static Task<HttpResponseMessage> Send(RunningService service, IncidentClient incident, string key = "dev-reporter", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident.Id}/dpo-notice/send");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return service.Client(key).SendAsync(request);
    }

    [Fact]
    public async Task The_DPO_receives_the_current_draft_and_the_notice_is_on_the_timeline_with_the_version_sent()
    {
        var service = fixture.Service;
        var (incident, reference) = await Reported(service);
        var read = new HttpRequestMessage(HttpMethod.Get, $"/api/incidents/{incident.Id}/drafts/dpo-notice");
        read.Headers.Accept.ParseAdd("text/markdown");
        var draft = await (await service.Client("dev-dpo").SendAsync(read)).Content.ReadAsStringAsync();

        var view = await (await Send(service, incident)).ExpectJson(HttpStatusCode.OK);

        var mail = Assert.Single(await MailsAbout(reference));
        Assert.Equal(DpoMailFixture.DpoAddress, Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("breachdesk@example.org", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Contains(reference, mail.Subject);
        Assert.Equal(Normalised(draft), Normalised(mail.TextBody));
        Assert.Contains("<h2>(ii) How it occurred</h2>", mail.HtmlBody);
        Assert.Contains("Dana Protection", mail.HtmlBody);

        var notice = Assert.Single(view["dpoNotices"]!.AsArray())!;
        Assert.Equal("email", notice.Text("channel"));
        var sentVersion = notice["draftVersion"]!.GetValue<int>();
        Assert.Equal(mail.Headers["X-BreachDesk-Draft-Version"], sentVersion.ToString());
        Assert.Equal(DpoMailFixture.DpoAddress, notice.Text("recipient"));
        Assert.Equal("met", view["deadlines"]!["dpo"]!.Text("status"));

        var entry = (await incident.Timeline()).Single(e => e!["kind"]!.GetValue<string>() == "dpo-notified")!;
        Assert.Contains($"by email: DPO-notice draft version {sentVersion} sent to {DpoMailFixture.DpoAddress}", entry.Text("summary"));
        Assert.Equal("dev-reporter", entry.Text("actor"));
    }

    [Fact]
    public async Task A_second_send_records_a_further_notice_and_the_first_still_meets_the_clock()
    {
        var service = fixture.Service;
        var (incident, reference) = await Reported(service);
        var first = await (await Send(service, incident, "dev-oncall")).ExpectJson(HttpStatusCode.OK);
        await incident.Do("containment", new { action = "Recalled the e-mail.", takenAt = Iso(HoursAgo(0.5)) });

        var second = await (await Send(service, incident, "dev-dpo")).ExpectJson(HttpStatusCode.OK);

        Assert.Equal(2, (await MailsAbout(reference)).Count);
        var notices = second["dpoNotices"]!.AsArray();
        Assert.Equal(2, notices.Count);
        Assert.True(notices[1]!["draftVersion"]!.GetValue<int>() > notices[0]!["draftVersion"]!.GetValue<int>(), "the changed draft has a new version");
        Assert.Equal(first["deadlines"]!["dpo"]!["metAt"]!.Time(), second["deadlines"]!["dpo"]!["metAt"]!.Time());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_sends_nothing_more()
    {
        var service = fixture.Service;
        var (incident, reference) = await Reported(service);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Send(service, incident, idempotencyKey: "send-once")));
        await (await Send(service, incident, idempotencyKey: "send-once")).ExpectJson(HttpStatusCode.OK);

        Assert.Single(await MailsAbout(reference));
        Assert.Single((await incident.View())["dpoNotices"]!.AsArray());
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"got {(int)r.StatusCode}"));
        await (await Send(service, incident, idempotencyKey: "send-twice")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, (await MailsAbout(reference)).Count);
    }

    [Fact]
    public async Task An_unknown_incident_is_a_404_and_the_auditor_may_not_send()
    {
        var service = fixture.Service;
        var unknown = new IncidentClient(service, Guid.CreateVersion7().ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(service, unknown)).StatusCode);
        var (incident, _) = await Reported(service);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(service, incident, "dev-auditor")).StatusCode);
    }
}

/// <summary>Nothing is sent and nothing recorded without a DPO address, and nothing recorded when the mail server is down.</summary>
public class SendDpoNoticeFailureTests
{
    [Fact]
    public async Task Without_a_DPO_address_it_is_a_409_naming_the_setting_and_nothing_is_recorded()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), builder =>
        {
            builder.Configuration["BreachDesk:Escalation:Smtp:Host"] = "127.0.0.1";
            builder.Configuration["BreachDesk:Escalation:Smtp:Port"] = smtp.Port.ToString();
        });
        var incident = await IncidentClient.Reported(service);

        var response = await service.Client().PostAsync($"/api/incidents/{incident.Id}/dpo-notice/send", null);

        var problem = await response.ExpectJson(HttpStatusCode.Conflict);
        Assert.Contains("BreachDesk:Dpo:Email", problem.Text("detail"));
        Assert.Empty(smtp.Messages);
        Assert.Empty((await incident.View())["dpoNotices"]!.AsArray());
    }

    [Fact]
    public async Task With_the_mail_server_down_it_is_a_502_and_nothing_is_recorded_and_a_keyed_retry_may_send()
    {
        var port = FreePort();
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), builder =>
        {
            builder.Configuration["BreachDesk:Dpo:Email"] = "dpo@example.org";
            builder.Configuration["BreachDesk:Escalation:Smtp:Host"] = "127.0.0.1";
            builder.Configuration["BreachDesk:Escalation:Smtp:Port"] = port.ToString();
        });
        var incident = await IncidentClient.Reported(service);
        HttpRequestMessage Keyed()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident.Id}/dpo-notice/send");
            request.Headers.Add("Idempotency-Key", "after-the-outage");
            return request;
        }

        var response = await service.Client().SendAsync(Keyed());

        var problem = await response.ExpectJson(HttpStatusCode.BadGateway);
        Assert.Contains("Nothing was sent", problem.Text("detail"));
        var view = await incident.View();
        Assert.Empty(view["dpoNotices"]!.AsArray());
        Assert.NotEqual("met", view["deadlines"]!["dpo"]!.Text("status"));
        Assert.DoesNotContain((await incident.Timeline()), e => e!["kind"]!.GetValue<string>() == "dpo-notified");

        // The failed send gave its key back: once the server is up, the same retry sends.
        await using var smtp = SmtpReceiver.StartOn(port);
        await (await service.Client().SendAsync(Keyed())).ExpectJson(HttpStatusCode.OK);
        Assert.Single(smtp.Messages);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
