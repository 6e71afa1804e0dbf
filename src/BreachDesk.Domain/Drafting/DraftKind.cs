namespace BreachDesk.Drafting;

/// <summary>The three documents drafted for every incident.</summary>
public enum DraftKind
{
    /// <summary>The written notice the policy requires the DPO to receive within hours of the breach.</summary>
    DpoNotice,

    /// <summary>The report to the regulator (the ICO), answering every item of Art. 33(3).</summary>
    Regulator,

    /// <summary>The letter to the people affected, in plain language (Art. 34(2)).</summary>
    DataSubject,
}

public static class DraftKinds
{
    public static IReadOnlyList<DraftKind> All { get; } = [DraftKind.DpoNotice, DraftKind.Regulator, DraftKind.DataSubject];

    /// <summary>The name in routes, responses and template file names: "dpo-notice", "regulator", "data-subject".</summary>
    public static string Name(this DraftKind kind) => kind switch
    {
        DraftKind.DpoNotice => "dpo-notice",
        DraftKind.Regulator => "regulator",
        DraftKind.DataSubject => "data-subject",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static DraftKind? Parse(string? name) => All.Cast<DraftKind?>().FirstOrDefault(kind => kind!.Value.Name() == name);
}
