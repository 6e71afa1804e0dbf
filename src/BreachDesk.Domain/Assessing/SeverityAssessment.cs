using System.Globalization;

namespace BreachDesk.Assessing;

/// <summary>A suggested breach severity, for the DPO to confirm or override.</summary>
/// <param name="Level">What the severity suggests under GDPR Art. 33/34.</param>
/// <param name="Score">The ENISA severity SE, always with 2 decimal places.</param>
/// <param name="Band">The ENISA severity level the score falls in.</param>
/// <param name="Factors">Plain-English sentences, one per contribution, ending with the sum.</param>
public sealed record SuggestedRisk(RiskLevel Level, decimal Score, SeverityBand Band, IReadOnlyList<string> Factors);

/// <summary>
/// Suggests a breach severity with the ENISA method, "Recommendations for a methodology of the
/// assessment of severity of personal data breaches", working document v1.0, December 2013:
/// SE = DPC x EI + CB ("Overview of the methodology", Calculation of the severity).
/// Sections are cited by the method's headings: DPC (Step 1, Step 2, Annex 1), EI (Annex 2), CB.
/// Pure: no I/O, no clock, no culture; the same input always gives the same output.
/// LikelyConsequences and Countries are not scored: the method has no criterion for them;
/// they are for the reviewer and for choosing the supervisory authorities.
/// </summary>
public static class SeverityAssessment
{
    /// <summary>
    /// People affected from which the breach counts as large-scale and the DPC is raised one step.
    /// ENISA leaves the number of individuals outside the formula, to weigh at the end; a DPO
    /// expects a mass breach to score higher, so we fold it into the Step 2 "data volume" factor.
    /// </summary>
    public const int LargeScaleDataSubjects = 10_000;

    /// <summary>Records per person from which the data is a detailed history, enough to profile someone
    /// (ENISA's Step 2 "data volume" examples: a year of calls or statements rather than a day).</summary>
    public const int DetailedHistoryRecordsPerSubject = 100;

    // DPC "can always vary from 1 to 4" (DPC, Step 2 note), so adjustments stop at 4.
    const int MaxDataProcessingContext = 4;

    // Subject groups ENISA's Step 2 treats as needing more protection ("vulnerable groups, minors"),
    // plus those the EDPB calls vulnerable (WP248: patients, the elderly, asylum seekers...).
    static readonly string[] VulnerableWords =
        ["child", "minor", "pupil", "infant", "juvenile", "teenager", "patient", "elderly",
         "vulnerable", "victim", "refugee", "asylum", "disab"];

    /// <summary>Scores an impact assessment: DPC x EI + CB, its band, level and the reasons.</summary>
    public static SuggestedRisk Suggest(ImpactAssessment impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var factors = new List<string>();
        int dpc = DataProcessingContext(impact, factors);
        decimal ei = EaseOfIdentification(impact, factors);
        decimal cb = CircumstancesOfBreach(impact, factors);

        // Every term is a multiple of 0.25, so 2 places are exact and rounding only guards future
        // changes; adding 0.00m fixes the scale at 2 so the API always shows e.g. 4.50, not 4.5.
        decimal score = Math.Round(dpc * ei + cb, 2, MidpointRounding.AwayFromZero) + 0.00m;
        var band = BandFor(score);
        var level = LevelFor(band);
        factors.Add(Say($"Severity {score:0.00} = DPC {dpc} x EI {ei:0.00} + CB {cb:0.00}: {BandName(band)} (ENISA severity levels), suggested level '{LevelName(level)}'."));
        return new SuggestedRisk(level, score, band, factors);
    }

    /// <summary>ENISA severity levels: SE &lt; 2 low, 2 &lt;= SE &lt; 3 medium, 3 &lt;= SE &lt; 4 high, 4 &lt;= SE very high.</summary>
    public static SeverityBand BandFor(decimal score) => score switch
    {
        < 2m => SeverityBand.Low,
        < 3m => SeverityBand.Medium,
        < 4m => SeverityBand.High,
        _ => SeverityBand.VeryHigh,
    };

    /// <summary>Low: unlikely to result in a risk. Medium: a risk (notify the authority, Art. 33). High and
    /// very high: ENISA describes both as significant consequences, so a high risk (Art. 34).</summary>
    public static RiskLevel LevelFor(SeverityBand band) => band switch
    {
        SeverityBand.Low => RiskLevel.None,
        SeverityBand.Medium => RiskLevel.Risk,
        _ => RiskLevel.High,
    };

    // ---- Data Processing Context (DPC) ----
    static int DataProcessingContext(ImpactAssessment impact, List<string> factors)
    {
        var categories = (impact.DataCategories ?? []).Distinct().Order().ToList();
        int dpc = 1;
        if (categories.Count == 0)
            factors.Add("No data categories given: assumed simple data, data processing context 1 (ENISA DPC simple); check the categories.");
        foreach (var category in categories)
        {
            var (score, label, enisaClass, note) = Classify(category);
            factors.Add(Say($"{label}: data processing context {score} (ENISA DPC {enisaClass}){note}."));
            dpc = Math.Max(dpc, score);
        }
        // DPC Step 1: where data falls in several categories, each is scored and the highest counts.
        if (categories.Count > 1)
            factors.Add(Say($"Highest data category sets the data processing context to {dpc} (ENISA DPC step 1)."));

        // DPC Step 2, the contextual factors the input lets us decide. The lowering ones (invalid or
        // public data, nature revealing little) need facts the input lacks: left to the reviewer.
        if (VolumeReason(impact) is { } volume)
            dpc = Raise(dpc, volume, "data volume", factors);
        if (VulnerableReason(impact, categories) is { } vulnerable)
            dpc = Raise(dpc, vulnerable, "characteristics of the individuals", factors);
        return dpc;
    }

    // DPC Step 1 and Annex 1 (A1): simple 1, behavioural 2, financial 3, sensitive 4.
    static (int Score, string Label, string EnisaClass, string Note) Classify(DataCategory category) => category switch
    {
        // Annex 1 names contact details, full names and biographical data as simple.
        DataCategory.Contact => (1, "Contact data", "simple", ""),
        // ID numbers and dates of birth are biographical; the fraud they enable shows through EI and CB.
        DataCategory.Identity => (1, "Identity data", "simple", ""),
        // Step 1: credentials take the class of the data they unlock. That data is usually ticked too and
        // wins if higher; alone, we assume an account with history and preferences, the cautious reading.
        DataCategory.Credentials => (2, "Credentials", "behavioural",
            "; ENISA scores credentials as the data they unlock, here assumed an account's history"),
        DataCategory.Financial => (3, "Financial data", "financial", ""),
        // Annex 1 lists location and traffic data as behavioural.
        DataCategory.Location => (2, "Location data", "behavioural", ""),
        // An IP address or cookie ID alone shows no behaviour; logs of its use are ticked behavioural.
        DataCategory.OnlineIdentifiers => (1, "Online identifiers", "simple", ""),
        DataCategory.Behavioural => (2, "Behavioural data", "behavioural", ""),
        // ENISA treats pictures as identifiers (Annex 2); a photo revealing health is ticked special-category.
        DataCategory.Photographs => (1, "Photographs", "simple", ""),
        // Annex 1 names professional experience as simple; salaries are ticked financial.
        DataCategory.Employment => (1, "Employment data", "simple", ""),
        // Annex 1 sensitive data: health, political affiliation, sexual life, i.e. GDPR Art. 9.
        DataCategory.SpecialCategory => (4, "Special-category data", "sensitive", ""),
        // The method names no class for criminal records; Art. 10 GDPR guards them as strictly as
        // Art. 9 data, so a DPO scores them sensitive.
        DataCategory.Criminal => (4, "Criminal-offence data", "sensitive", ""),
        // Children are a characteristic of the people (Step 2), not a kind of data: scored simple here,
        // the vulnerable-individuals raise does the rest.
        DataCategory.Children => (1, "Children's data", "simple", "; children are raised below as vulnerable individuals"),
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown data category."),
    };

    static string? VolumeReason(ImpactAssessment impact)
    {
        int? subjects = impact.ApproxDataSubjects, records = impact.ApproxRecords;
        if (subjects >= LargeScaleDataSubjects)
            return Say($"Large number of data subjects (about {subjects:N0})");
        // Headcount unknown: a DPO assumes the worst and reads the record count as people.
        if (subjects is null && records >= LargeScaleDataSubjects)
            return Say($"Number of data subjects unknown but about {records:N0} records");
        if (subjects > 0 && records / subjects >= DetailedHistoryRecordsPerSubject)
            return Say($"About {records / subjects:N0} records per data subject (a detailed history)");
        return null;
    }

    static string? VulnerableReason(ImpactAssessment impact, List<DataCategory> categories)
    {
        var groups = new List<string>();
        if (categories.Contains(DataCategory.Children)) groups.Add("children");
        foreach (var group in impact.SubjectGroups ?? [])
        {
            var name = group?.Trim() ?? "";
            if (VulnerableWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase))
                && !groups.Contains(name, StringComparer.OrdinalIgnoreCase))
                groups.Add(name);
        }
        return groups.Count == 0 ? null : $"Vulnerable data subjects ({string.Join(", ", groups)})";
    }

    // Step 2 allows up to +3 for minors where the data is critical to their safety; the input cannot
    // show that, so each factor raises one step and larger raises are left to the reviewer.
    static int Raise(int dpc, string reason, string enisaFactor, List<string> factors)
    {
        int raised = Math.Min(dpc + 1, MaxDataProcessingContext);
        factors.Add(raised > dpc
            ? Say($"{reason}: data processing context raised by 1 to {raised} (ENISA DPC step 2, {enisaFactor}).")
            : Say($"{reason}: no raise, data processing context is already at its maximum of {dpc} (ENISA DPC step 2, {enisaFactor})."));
        return raised;
    }

    // ---- Ease of Identification (EI), Annex 2: four levels, linear scores ----
    static decimal EaseOfIdentification(ImpactAssessment impact, List<string> factors)
    {
        decimal stated = impact.Identifiability switch
        {
            Identifiability.Negligible => 0.25m,
            Identifiability.Limited => 0.5m,
            Identifiability.Significant => 0.75m,
            Identifiability.Maximum => 1m,
            _ => throw new ArgumentOutOfRangeException(nameof(impact), impact.Identifiability, "Unknown identifiability."),
        };
        string name = impact.Identifiability.ToString().ToLowerInvariant();
        // ENISA names unintelligibility of data as a criterion outside the formula; the usual way to fold
        // it in is the EI it amounts to: "extremely difficult to match the data to a particular person".
        if (impact.DataEncrypted && !impact.KeyCompromised)
        {
            factors.Add(stated > 0.25m
                ? Say($"Data encrypted and key not compromised: ease of identification lowered to negligible (0.25) from {name} ({stated:0.00}).")
                : "Data encrypted and key not compromised: ease of identification stays negligible (0.25).");
            return 0.25m;
        }
        factors.Add(Say($"Identifiability {name}: ease of identification {stated:0.00} (ENISA EI {name})."));
        if (impact.DataEncrypted)
            factors.Add("Data encrypted but key compromised: the encryption does not protect it, so ease of identification is not lowered.");
        return stated;
    }

    // ---- Circumstances of Breach (CB): each loss 0 / +0.25 / +0.5, malicious intent +0.5, added up ----
    static decimal CircumstancesOfBreach(ImpactAssessment impact, List<string> factors)
    {
        var types = (impact.BreachTypes ?? []).Distinct().Order().ToList();
        if (types.Count == 0)
            factors.Add("No breach type given: no loss of confidentiality, integrity or availability scored.");
        decimal cb = 0m;
        foreach (var type in types)
        {
            var (points, reason) = type switch
            {
                BreachType.Confidentiality => Confidentiality(impact),
                // Whether altered data was used before it was put right is not in the input, so
                // "restored" gets +0.25 (recoverable) rather than 0; unrecoverable gets +0.5.
                BreachType.Integrity => impact.DataRecovered
                    ? (0.25m, "Loss of integrity (original data restored)")
                    : (0.5m, "Loss of integrity (original data not recovered)"),
                // A reported availability breach was an outage: restored means temporary (+0.25), not
                // "recoverable without any difficulty" (0); never recovered is full unavailability (+0.5).
                BreachType.Availability => impact.DataRecovered
                    ? (0.25m, "Loss of availability (data restored: temporary unavailability)")
                    : (0.5m, "Loss of availability (data not recovered: full unavailability)"),
                _ => throw new ArgumentOutOfRangeException(nameof(impact), type, "Unknown breach type."),
            };
            factors.Add(Say($"{reason}: circumstances of breach +{points:0.00} (ENISA CB loss of {type.ToString().ToLowerInvariant()})."));
            cb += points;
        }
        // CB malicious intent: theft, hacking or misuse on purpose adds +0.5; errors and accidents add nothing.
        decimal malice = impact.MaliciousIntent ? 0.5m : 0m;
        string intent = impact.MaliciousIntent ? "Malicious intent" : "No malicious intent (error or accident)";
        factors.Add(Say($"{intent}: circumstances of breach +{malice:0.00} (ENISA CB malicious intent)."));
        return cb + malice;
    }

    // ENISA scales loss of confidentiality by who may have the data: no evidence of illegal
    // processing 0, a known number of recipients +0.25, an unknown number +0.5.
    static (decimal, string) Confidentiality(ImpactAssessment impact)
    {
        if (impact.DataEncrypted && !impact.KeyCompromised)
            return (0m, "Loss of confidentiality of unintelligible data (no evidence anyone could read it)");
        // An attacker's copy is never "recovered": it can be sold or published, so recipients are unknown.
        if (impact.MaliciousIntent)
            return (0.5m, "Loss of confidentiality to an attacker (unknown number of recipients)");
        if (impact.DataRecovered)
            return (0.25m, "Loss of confidentiality to known recipients (data recovered or deleted by them)");
        // Without a recovery we cannot bound who saw it, so a DPO takes the cautious reading.
        return (0.5m, "Loss of confidentiality, data not recovered (recipients cannot be bounded, so treated as unknown)");
    }

    static string BandName(SeverityBand band) => band == SeverityBand.VeryHigh ? "very high" : band.ToString().ToLowerInvariant();
    static string LevelName(RiskLevel level) => level.ToString().ToLowerInvariant();

    // Factors are stored text: format numbers the same whatever the server's culture.
    static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
