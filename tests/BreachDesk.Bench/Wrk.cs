using System.Diagnostics;
using System.Text.Json;

namespace BreachDesk.Bench;

/// <summary>
/// HTTP load from wrk (Debian's package), the same tool for every service in the side-by-side rows, so that no
/// service is measured through a client of its own: 2 threads, keep-alive connections, a POST of a JSON body per
/// request (<c>Wrk/post-json.lua</c>). Latencies are wrk's own (from its histogram); errors are wrk's connect, read,
/// write and timeout errors plus answers with a status of 400 or more.
/// </summary>
public static class Wrk
{
    public sealed record Result(long Requests, long Errors, TimeSpan Elapsed, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
    {
        public long Ok => Requests - Errors;
        public double PerSecond => Math.Round(Ok / Elapsed.TotalSeconds, 1);
    }

    private sealed record Summary(long Requests, long DurationUs, long Connect, long Read, long Write, long Status, long Timeout,
        long P50Us, long P95Us, long P99Us, long MaxUs);

    /// <summary>
    /// POSTs <paramref name="bodyTemplate"/> (every <c>{{n}}</c> in it made unique per request) to <paramref name="url"/>
    /// from <paramref name="connections"/> connections for <paramref name="duration"/>.
    /// </summary>
    public static async Task<Result> PostAsync(Uri url, string bodyTemplate, IReadOnlyDictionary<string, string> headers,
        int connections, TimeSpan duration)
    {
        var bodyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(bodyFile, bodyTemplate);
        try
        {
            var start = new ProcessStartInfo("wrk")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                Environment =
                {
                    ["WRK_BODY_FILE"] = bodyFile,
                    ["WRK_HEADERS"] = string.Join("; ", headers.Select(h => $"{h.Key}: {h.Value}")),
                },
            };
            // A 30 s timeout: wrk's default of 2 s would count a slow answer on this loaded machine as an error.
            foreach (var arg in new[] { "-t", "2", "-c", connections.ToString(), "-d", $"{duration.TotalSeconds:0}s", "--timeout", "30s",
                         "--latency", "-s", Path.Combine(AppContext.BaseDirectory, "Wrk", "post-json.lua"), url.ToString() })
                start.ArgumentList.Add(arg);
            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (Debian package 'wrk').");
            var stdout = wrk.StandardOutput.ReadToEndAsync();
            var stderr = wrk.StandardError.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            var line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith("WRK_JSON ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk gave no summary (exit {wrk.ExitCode}): {await stdout} {await stderr}");
            var s = JsonSerializer.Deserialize<Summary>(line["WRK_JSON ".Length..], new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            static double Ms(long us) => Math.Round(us / 1000.0, 2);
            return new Result(s.Requests, s.Connect + s.Read + s.Write + s.Status + s.Timeout, TimeSpan.FromMicroseconds(s.DurationUs),
                Ms(s.P50Us), Ms(s.P95Us), Ms(s.P99Us), Ms(s.MaxUs));
        }
        finally
        {
            File.Delete(bodyFile);
        }
    }
}
