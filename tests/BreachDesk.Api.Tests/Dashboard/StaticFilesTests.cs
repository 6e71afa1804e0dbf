using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// The dashboard's files as the built service serves them (its own output folder, where the build writes a gzip copy of
/// each file): compressed for clients that accept it, and a favicon that anyone may fetch.
/// </summary>
public class StaticFilesTests : IAsyncLifetime
{
    private ServiceProcess _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceProcess.StartAsync(await TestDatabase.CreateAsync());
        // No credentials, and no automatic decompression: what is on the wire is what is asserted.
        _client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = _service.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/vendor/oidc-client-ts.min.js", "text/javascript")]
    [InlineData("/vendor/chart.umd.min.js", "text/javascript")]
    [InlineData("/css/insights.css", "text/css")]
    public async Task A_client_that_accepts_gzip_gets_the_compressed_copy_of_the_same_file(string path, string contentType)
    {
        var plain = await _client.GetAsync(path);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var compressed = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        Assert.Equal(contentType, compressed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);

        var original = await plain.Content.ReadAsByteArrayAsync();
        var wire = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(wire.Length < original.Length, $"{path}: {wire.Length} bytes compressed, {original.Length} plain");
        await using var gunzip = new GZipStream(new MemoryStream(wire), CompressionMode.Decompress);
        var unpacked = new MemoryStream();
        await gunzip.CopyToAsync(unpacked);
        Assert.Equal(original, unpacked.ToArray());
    }

    [Fact]
    public async Task A_client_that_refuses_gzip_gets_the_file_as_it_is()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/app.css");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip", 0));
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_favicon_is_served_to_anyone_and_the_page_links_it()
    {
        var ico = await _client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal("image/x-icon", ico.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0, 0, 1, 0], (await ico.Content.ReadAsByteArrayAsync())[..4]);

        var page = await _client.GetStringAsync("/");
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">", page);
        var svg = await _client.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
    }
}
