namespace BreachDesk.Bench;

/// <summary>The command line: <c>--name value</c> pairs.</summary>
public sealed class BenchOptions
{
    public static readonly string[] AllPhases = ["sidebyside", "ingest", "commands", "read", "escalation", "search", "insights", "rebuild"];

    public required string Server { get; init; }
    public TimeSpan Seconds { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The read side is measured at this many incidents (topped up over HTTP) before the escalation phase.</summary>
    public int Incidents { get; init; } = 2000;

    /// <summary>Open incidents with scheduled checkpoints under the escalation batch (seeded through Marten).</summary>
    public int CheckpointIncidents { get; init; } = 100_000;

    /// <summary>Incidents whose DPO deadline falls inside one minute.</summary>
    public int EscalationBatch { get; init; } = 200;

    /// <summary>Reports posted in the background (8 clients) while the escalation batch falls due; 0 for none.</summary>
    public int LatenessIngest { get; init; }

    /// <summary>How long to wait for the subscription to plan the seeded incidents' checkpoints before measuring anyway.</summary>
    public TimeSpan PlanningTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The side-by-side rows' time per row and client counts (issue 12: 15 s, 8 and 32).</summary>
    public TimeSpan SideSeconds { get; init; } = TimeSpan.FromSeconds(15);
    public IReadOnlyList<int> SideClients { get; init; } = [8, 32];

    /// <summary>An already running peer service for the side-by-side rows (its base URL, process id and database on the same server); none when null.</summary>
    public Uri? PeerUrl { get; init; }
    public int? PeerPid { get; init; }
    public string? PeerDatabase { get; init; }

    /// <summary>A database on the server to use (created when missing, kept afterwards) instead of a fresh one per run, so that
    /// a seeded 100,000 incidents serve several runs; null for a fresh database.</summary>
    public string? Database { get; init; }

    /// <summary>How the read phase tops up to <see cref="Incidents"/>: "http" (reports over HTTP) or "marten" (the seeder's
    /// appends, then it waits until the sweeper has planned them, at most <see cref="PlanningTimeout"/>).</summary>
    public string ReadSeed { get; init; } = "http";

    public IReadOnlySet<string> Phases { get; init; } = AllPhases.ToHashSet();
    public string Output { get; init; } = "bench-results.json";

    public bool Runs(string phase) => Phases.Contains(phase);

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        string? Get(string name) => values.GetValueOrDefault(name);

        var phases = (Get("phases") ?? string.Join(',', AllPhases)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (phases.FirstOrDefault(p => !AllPhases.Contains(p)) is { } unknown)
            throw new ArgumentException($"--phases: unknown phase '{unknown}' (known: {string.Join(", ", AllPhases)}).");

        var peerUrl = Get("peer-url") is { } url ? new Uri(url) : null;
        if (peerUrl is not null && (Get("peer-pid") is null || Get("peer-database") is null))
            throw new ArgumentException("--peer-url needs --peer-pid <the peer's process id> and --peer-database <its database on the same server>.");

        return new BenchOptions
        {
            Server = Get("connection") ?? Environment.GetEnvironmentVariable("BREACHDESK_BENCH_CONNECTION")
                ?? throw new ArgumentException("--connection <PostgreSQL connection string> is required."),
            Seconds = TimeSpan.FromSeconds(double.Parse(Get("seconds") ?? "10")),
            Incidents = int.Parse(Get("incidents") ?? "2000"),
            CheckpointIncidents = int.Parse(Get("checkpoints-incidents") ?? "100000"),
            EscalationBatch = int.Parse(Get("escalation-batch") ?? "200"),
            LatenessIngest = int.Parse(Get("lateness-ingest") ?? "0"),
            PlanningTimeout = TimeSpan.FromMinutes(double.Parse(Get("planning-timeout-minutes") ?? "20")),
            SideSeconds = TimeSpan.FromSeconds(double.Parse(Get("side-seconds") ?? "15")),
            SideClients = (Get("side-clients") ?? "8,32").Split(',').Select(int.Parse).ToArray(),
            PeerUrl = peerUrl,
            PeerPid = Get("peer-pid") is { } pid ? int.Parse(pid) : null,
            PeerDatabase = Get("peer-database"),
            Database = Get("database"),
            ReadSeed = Get("read-seed") is { } seed && seed is "http" or "marten" ? seed
                : Get("read-seed") is null ? "http" : throw new ArgumentException("--read-seed: http or marten."),
            Phases = phases.ToHashSet(),
            Output = Get("out") ?? "bench-results.json",
        };
    }
}
