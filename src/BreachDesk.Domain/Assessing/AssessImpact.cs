using System.Text.RegularExpressions;
using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Assessing;

/// <summary>
/// What the breach touched, as security staff know it now. Posted again as more is learnt; the latest wins.
/// The yes/no facts default to false when left out; the lists say what is known.
/// The three facts <see cref="Validate"/> requires come first; the rest default to null, which is how the OpenAPI document
/// (and anyone reading the signature) learns that they are optional.
/// </summary>
public sealed partial record AssessImpact(
    IReadOnlyList<BreachType>? BreachTypes,
    IReadOnlyList<DataCategory>? DataCategories,
    Identifiability? Identifiability,
    int? ApproxDataSubjects = null,
    int? ApproxRecords = null,
    IReadOnlyList<string?>? SubjectGroups = null,
    bool? DataEncrypted = null,
    bool? KeyCompromised = null,
    bool? MaliciousIntent = null,
    bool? DataRecovered = null,
    string? LikelyConsequences = null,
    IReadOnlyList<string?>? Countries = null) : IIncidentCommand<ImpactAssessed>
{
    /// <summary>What is asked is checked on its own; the incident's state is the decision's concern.</summary>
    ValidationErrors IIncidentCommand<ImpactAssessed>.Validate(Incident incident, DateTimeOffset now) => Validate();

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (BreachTypes is not { Count: > 0 }) errors.Add("breachTypes", "'breachTypes' needs at least one of: confidentiality, integrity, availability.");
        if (DataCategories is not { Count: > 0 }) errors.Add("dataCategories", "'dataCategories' needs at least one category of personal data.");
        errors.Require("identifiability", Identifiability);
        if (ApproxDataSubjects < 0) errors.Add("approxDataSubjects", "'approxDataSubjects' may not be negative.");
        if (ApproxRecords < 0) errors.Add("approxRecords", "'approxRecords' may not be negative.");
        errors.OptionalText("likelyConsequences", LikelyConsequences, Limits.LongText);
        if (KeyCompromised == true && DataEncrypted != true)
            errors.Add("keyCompromised", "'keyCompromised' only applies when 'dataEncrypted' is true.");
        for (var i = 0; i < (SubjectGroups?.Count ?? 0); i++)
            errors.RequireText($"subjectGroups[{i}]", SubjectGroups![i], Limits.ShortText);
        for (var i = 0; i < (Countries?.Count ?? 0); i++)
            if (Countries![i] is not { } code || !CountryCode().IsMatch(code))
                errors.Add($"countries[{i}]", $"'countries[{i}]' must be an ISO 3166-1 alpha-2 code such as GB or IE.");
        return errors;
    }

    public ImpactAssessed Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("assessing the impact");
        var impact = new ImpactAssessment(
            BreachTypes!.Distinct().ToArray(),
            DataCategories!.Distinct().ToArray(),
            ApproxDataSubjects,
            ApproxRecords,
            (SubjectGroups ?? []).Select(g => g!.Trim()).ToArray(),
            DataEncrypted ?? false,
            KeyCompromised ?? false,
            MaliciousIntent ?? false,
            DataRecovered ?? false,
            Identifiability!.Value,
            LikelyConsequences?.Trim(),
            (Countries ?? []).Select(c => c!).Distinct().ToArray());
        return new ImpactAssessed(incident.Id, impact, SeverityAssessment.Suggest(impact), now, actor);
    }

    [GeneratedRegex(@"^[A-Z]{2}\z")] // \z, not $: $ would also accept "GB\n".
    private static partial Regex CountryCode();
}
