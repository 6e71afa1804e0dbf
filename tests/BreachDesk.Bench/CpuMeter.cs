using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// CPU time (user + system, seconds) used by the service process and by the PostgreSQL cluster, from Linux /proc.
/// On a machine shared with other work, CPU seconds per operation say more than wall time: they are what the work
/// costs, whoever else was running. PostgreSQL's figure is its postmaster and every child, including exited
/// backends (their time is added to the postmaster's children's time when it reaps them). Null where /proc or a
/// local server is not there.
/// </summary>
public sealed class CpuMeter(int servicePid, int? postmasterPid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private (double Service, double Postgres)? _last;

    public int? PostmasterPid => postmasterPid;

    /// <summary>The postmaster of the server behind <paramref name="connection"/>, if it runs on this machine.</summary>
    public static async Task<int?> FindPostmasterAsync(string connection)
    {
        try
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", db);
            var backend = (int)(await command.ExecuteScalarAsync())!;
            var parent = Stat(backend)?.ParentPid;
            return parent is { } p && File.Exists($"/proc/{p}/stat") && File.ReadAllText($"/proc/{p}/comm").Trim() is "postgres" or "postmaster" ? p : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds of the service and of PostgreSQL since the previous call (the first call starts counting).</summary>
    public (double? Service, double? Postgres) Take()
    {
        var now = (Service: Stat(servicePid)?.OwnSeconds ?? double.NaN, Postgres: PostgresSeconds());
        var last = _last;
        // A reading that failed (the process gone, /proc busy) keeps the previous one as the base of the next delta.
        _last = (double.IsNaN(now.Service) && last is { } l ? l.Service : now.Service,
                 double.IsNaN(now.Postgres) && last is { } m ? m.Postgres : now.Postgres);
        if (last is null) return (null, null);
        return (Round(now.Service - last.Value.Service), postmasterPid is null ? null : Round(now.Postgres - last.Value.Postgres));
    }

    private double PostgresSeconds()
    {
        if (postmasterPid is not { } master || Stat(master) is not { } postmaster) return double.NaN;
        var total = postmaster.OwnSeconds + postmaster.ReapedChildrenSeconds;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } child && child.ParentPid == master)
                total += child.OwnSeconds;
        return total;
    }

    private static double? Round(double x) => double.IsNaN(x) ? null : Math.Round(x, 1);

    private sealed record ProcStat(int ParentPid, double OwnSeconds, double ReapedChildrenSeconds);

    /// <summary>/proc/[pid]/stat: fields after the command name (which may hold spaces) start at field 3.</summary>
    private static ProcStat? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // f[0] = state (field 3), f[1] = ppid, f[11..14] = utime, stime, cutime, cstime (fields 14-17)
            return new ProcStat(int.Parse(f[1]), (long.Parse(f[11]) + long.Parse(f[12])) / TicksPerSecond,
                (long.Parse(f[13]) + long.Parse(f[14])) / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
