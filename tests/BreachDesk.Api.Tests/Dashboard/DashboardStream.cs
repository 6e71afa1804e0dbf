using System.Net;

namespace BreachDesk.Tests.Dashboard;

/// <summary>A reader of the dashboard's server-sent events stream, as a browser holds it open.</summary>
public sealed class DashboardStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private DashboardStream(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    /// <summary>Every line read so far.</summary>
    public List<string> Lines { get; } = [];

    public HttpResponseMessage Response => _response;

    public static async Task<DashboardStream> OpenAsync(HttpClient client)
    {
        client.Timeout = Timeout.InfiniteTimeSpan;
        var response = await client.GetAsync("/api/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new DashboardStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Reads until the stream has announced a change of <paramref name="incidentId"/>; fails after <paramref name="within"/>.</summary>
    public async Task WaitForChangeOf(string incidentId, TimeSpan within)
    {
        using var give = new CancellationTokenSource(within);
        while (!Lines.Contains($"data: {incidentId}"))
        {
            var line = await _reader.ReadLineAsync(give.Token);
            Assert.NotNull(line);
            Lines.Add(line!);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
