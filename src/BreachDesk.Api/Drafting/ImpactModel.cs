using BreachDesk.Assessing;
using BreachDesk.Incidents;

namespace BreachDesk.Drafting;

/// <summary>The impact assessment in words. Categories keep their API names (for <c>contains</c> in templates) and a label.</summary>
public sealed record ImpactModel(
    bool Confidentiality, bool Integrity, bool Availability, IReadOnlyList<string> Lost,
    IReadOnlyList<string> DataCategories, IReadOnlyList<string> DataCategoryLabels,
    string? ApproxDataSubjects, string? ApproxRecords, IReadOnlyList<string> SubjectGroups,
    bool DataEncrypted, bool KeyCompromised, bool MaliciousIntent, bool DataRecovered,
    string Identifiability, string? LikelyConsequences,
    IReadOnlyList<string> Countries, IReadOnlyList<string> CountriesOutsideUk)
{
    public static ImpactModel? From(ImpactAssessment? impact) => impact is null ? null : new(
        impact.BreachTypes.Contains(BreachType.Confidentiality),
        impact.BreachTypes.Contains(BreachType.Integrity),
        impact.BreachTypes.Contains(BreachType.Availability),
        [.. new[] { BreachType.Confidentiality, BreachType.Integrity, BreachType.Availability }.Where(impact.BreachTypes.Contains).Select(LostLabel)],
        [.. impact.DataCategories.Select(Name)],
        [.. impact.DataCategories.Select(Label)],
        Format.Count(impact.ApproxDataSubjects), Format.Count(impact.ApproxRecords),
        [.. impact.SubjectGroups.Select(MarkdownText.Escape)],
        impact.DataEncrypted, impact.KeyCompromised, impact.MaliciousIntent, impact.DataRecovered,
        impact.Identifiability.ToString().ToLowerInvariant(),
        string.IsNullOrWhiteSpace(impact.LikelyConsequences) ? null : MarkdownText.Escape(impact.LikelyConsequences),
        impact.Countries, [.. impact.Countries.Where(c => c != "GB")]);

    private static string LostLabel(BreachType type) => type switch
    {
        BreachType.Confidentiality => "confidentiality (disclosure of or access to the data)",
        BreachType.Integrity => "integrity (alteration of the data)",
        _ => "availability (loss of access to, or destruction of, the data)",
    };

    public static string Name(DataCategory category) => category switch
    {
        DataCategory.OnlineIdentifiers => "online-identifiers",
        DataCategory.SpecialCategory => "special-category",
        _ => category.ToString().ToLowerInvariant(),
    };

    /// <summary>Plain enough for the letter, precise enough for the ICO form's categories.</summary>
    public static string Label(DataCategory category) => category switch
    {
        DataCategory.Contact => "contact details (such as names, postal and e-mail addresses, phone numbers)",
        DataCategory.Identity => "identity details (such as dates of birth, passport, driving licence or National Insurance numbers)",
        DataCategory.Credentials => "sign-in details (such as usernames, passwords or security questions)",
        DataCategory.Financial => "financial details (such as bank or card details, income or payments)",
        DataCategory.Location => "location data (where someone is or has been)",
        DataCategory.OnlineIdentifiers => "online identifiers (such as IP addresses or device identifiers)",
        DataCategory.Behavioural => "information about preferences or activity (such as purchase or browsing history)",
        DataCategory.Photographs => "photographs or video",
        DataCategory.Employment => "employment details (such as job, salary or HR records)",
        DataCategory.SpecialCategory => "special category data (such as health, ethnicity, religion, sex life or biometrics, Art. 9)",
        DataCategory.Criminal => "criminal offence data (convictions or offences, Art. 10)",
        DataCategory.Children => "information about children",
        _ => category.ToString(),
    };
}

/// <summary>The DPO's decision when made, else the ENISA suggestion, which the drafts present as only that.</summary>
public sealed record RiskModel(
    string? Level, string? Rationale, string? AssessedAt,
    string? SuggestedLevel, string? SuggestedBand, string? SuggestedScore, IReadOnlyList<string> SuggestedFactors)
{
    public static RiskModel From(IncidentView view) => new(
        view.Risk?.Level.ToString().ToLowerInvariant(),
        view.Risk is { } r ? MarkdownText.Escape(r.Rationale) : null,
        view.Risk is { } a ? Format.Time(a.AssessedAt) : null,
        view.SuggestedRisk?.Level.ToString().ToLowerInvariant(),
        view.SuggestedRisk?.Band switch { null => null, SeverityBand.VeryHigh => "very high", var band => band.ToString()!.ToLowerInvariant() },
        view.SuggestedRisk?.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        [.. (view.SuggestedRisk?.Factors ?? []).Select(MarkdownText.Escape)]);
}

public sealed record CyberModel(string Answer, string Reason)
{
    public static CyberModel From(IncidentView view)
    {
        var answer = CyberIncident.Decide(view.Source, view.Systems, view.Impact);
        var name = answer.Answer switch { CyberAnswer.Yes => "yes", CyberAnswer.No => "no", _ => "not-yet-known" };
        return new(name, MarkdownText.Escape(answer.Reason));
    }
}

/// <summary>Art. 34(3) facts for the letter's note to the DPO.</summary>
public sealed record ExemptionModel(bool EncryptedWithSafeKey, bool RecoveryMayApply)
{
    public static ExemptionModel From(IncidentView view) => new(
        DataSubjectExemption.EncryptedWithSafeKey(view.Impact), DataSubjectExemption.RecoveryMayApply(view.Impact));
}
