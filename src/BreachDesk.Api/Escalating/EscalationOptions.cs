using BreachDesk.Infrastructure;
using BreachDesk.Infrastructure.Mail;
using BreachDesk.Escalating.Sweeping;

namespace BreachDesk.Escalating;

/// <summary>
/// <c>BreachDesk:Escalation</c>: the checkpoints of each deadline (defaults in <see cref="EscalationPolicy.Default"/>),
/// which targets each level alerts, and how each target is reached. Durations are ISO-8601 ("PT3H").
/// </summary>
public sealed class EscalationOptions
{
    public DeadlinePolicyOptions? Dpo { get; set; }
    public DeadlinePolicyOptions? Regulator { get; set; }

    /// <summary>Level number to the targets it alerts. Default: 1 on-call primary; 2 plus secondary; 3 plus the DPO and deputy; 4 plus an executive.</summary>
    public Dictionary<string, List<string>> Levels { get; set; } = [];

    /// <summary>
    /// Target name (oncall-primary, oncall-secondary, dpo, dpo-deputy, executive, or any) to the channels that reach it.
    /// A shell cannot export a variable whose name holds '-', so '_' stands for it:
    /// <c>BreachDesk__Escalation__Targets__oncall_primary__0__Url</c> configures <c>oncall-primary</c>.
    /// </summary>
    public Dictionary<string, List<ChannelOptions>> Targets { get; set; } = new(TargetNames.Comparer);

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// The longest the idle sweeper sleeps without a notice before it re-checks (ISO-8601; default 10 s, at most 1 min).
    /// Notices wake it at once for new work and it sleeps until the earliest wake-up, so this bounds only how late an
    /// escalation can be when a notice is missed (the listening connection down) or a sweep failed and is retried.
    /// </summary>
    public string SweepEvery { get; set; } = "PT10S";

    /// <summary>How many alerts one node delivers at once, on the alert queue of their own.</summary>
    public int AlertParallelism { get; set; } = 4;

    /// <summary>Waits between delivery attempts before an alert goes to the dead-letter store.</summary>
    public List<string> RetryDelays { get; set; } = [];

    public static readonly IReadOnlyDictionary<int, string[]> DefaultLevels = new Dictionary<int, string[]>
    {
        [1] = ["oncall-primary"],
        [2] = ["oncall-primary", "oncall-secondary"],
        [3] = ["oncall-primary", "oncall-secondary", "dpo", "dpo-deputy"],
        [4] = ["oncall-primary", "oncall-secondary", "dpo", "dpo-deputy", "executive"],
    };

    public static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    public EscalationPolicy ToPolicy() => new(
        Dpo?.ToPolicy("Dpo") ?? EscalationPolicy.Default.Dpo,
        Regulator?.ToPolicy("Regulator") ?? EscalationPolicy.Default.Regulator);

    public TimeSpan SweepInterval() => Duration.Parse("SweepEvery", SweepEvery) is var every && every > TimeSpan.Zero && every <= SweepNotices.Horizon
        ? every
        : throw new InvalidOperationException($"BreachDesk:Escalation:SweepEvery must be longer than zero and at most PT1M, not '{SweepEvery}'.");

    public TimeSpan[] Retries() => RetryDelays.Count == 0
        ? DefaultRetryDelays
        : RetryDelays.Select(d => Duration.Parse("RetryDelays", d)).ToArray();

    public IReadOnlyList<string> TargetsFor(int level)
    {
        if (Levels.TryGetValue(level.ToString(), out var configured)) return configured;
        return DefaultLevels.TryGetValue(level, out var targets) ? targets : DefaultLevels[4];
    }
}

/// <summary>Target names compare without case, with '_' and '-' the same (see <see cref="EscalationOptions.Targets"/>).</summary>
public static class TargetNames
{
    public static readonly IEqualityComparer<string> Comparer = new UnderscoreIsHyphen();

    private sealed class UnderscoreIsHyphen : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) =>
            string.Equals(x?.Replace('_', '-'), y?.Replace('_', '-'), StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(string name) => StringComparer.OrdinalIgnoreCase.GetHashCode(name.Replace('_', '-'));
    }
}

public sealed class DeadlinePolicyOptions
{
    public List<CheckpointOptions> Checkpoints { get; set; } = [];
    public string RepeatOverdueEvery { get; set; } = "PT1H";
    public int OverdueLevel { get; set; } = 4;

    public DeadlineEscalationPolicy ToPolicy(string name) => new(
        Checkpoints.Select(c => new CheckpointRule(c.Name, c.Level,
            c.AtReport ? null : Duration.Parse($"{name}:Checkpoints:{c.Name}:BeforeDue", c.BeforeDue ?? "PT0S"), c.AtReport)).ToList(),
        Duration.Parse($"{name}:RepeatOverdueEvery", RepeatOverdueEvery),
        OverdueLevel);
}

public sealed class CheckpointOptions
{
    public string Name { get; set; } = "";
    public int Level { get; set; } = 1;
    public string? BeforeDue { get; set; }
    public bool AtReport { get; set; }
}

/// <summary>One way of reaching a target: <c>webhook</c> (Url, Secret), <c>slack</c> (Url), <c>pagerduty</c> (RoutingKey, Url), <c>email</c> (To).</summary>
public sealed class ChannelOptions
{
    public string Channel { get; set; } = "";
    public string? Url { get; set; }
    public string? Secret { get; set; }
    public string? RoutingKey { get; set; }
    public string? To { get; set; }
}

internal static class Duration
{
    public static TimeSpan Parse(string key, string value)
    {
        if (IsoDuration.TryParse(value, out var span) && span >= TimeSpan.Zero) return span;
        throw new InvalidOperationException($"BreachDesk:Escalation:{key} must be an ISO-8601 duration such as PT3H, not '{value}'.");
    }
}
