using BreachDesk.Assessing;
using BreachDesk.Incidents;

namespace BreachDesk.Drafting;

public enum CyberAnswer { Yes, No, NotYetKnown }

/// <summary>The answer to the ICO form's "Is this a cyber incident?", and why, for the DPO to check.</summary>
public sealed record CyberIncidentAnswer(CyberAnswer Answer, string Reason);

/// <summary>
/// The ICO counts as cyber incidents deliberate attacks on systems (malware, ransomware, phishing, hacking,
/// brute force, denial of service). BreachDesk records no attack type, so it decides from what it has: a
/// deliberate breach is a cyber incident when security tooling detected it or when it broke the integrity or
/// availability of systems; a deliberate breach without either (a stolen bag, an insider) and every accident
/// (a lost laptop, a misdirected e-mail) is not. Until the impact is assessed, intent is unknown.
/// </summary>
public static class CyberIncident
{
    public static CyberIncidentAnswer Decide(IncidentSource source, IReadOnlyList<string> systems, ImpactAssessment? impact)
    {
        if (impact is null)
            return new(CyberAnswer.NotYetKnown, "whether the breach was deliberate is not yet assessed");
        if (!impact.MaliciousIntent)
            return new(CyberAnswer.No, "the breach was recorded as accidental, not deliberate");

        var systemsBroken = impact.BreachTypes.Any(t => t is BreachType.Integrity or BreachType.Availability);
        var where = systems.Count > 0 ? $" ({string.Join(", ", systems)})" : "";
        if (source == IncidentSource.Automated && systemsBroken)
            return new(CyberAnswer.Yes, $"the breach was deliberate, was detected by automated security monitoring and affected the integrity or availability of systems{where}");
        if (source == IncidentSource.Automated)
            return new(CyberAnswer.Yes, $"the breach was deliberate and was detected by automated security monitoring of systems{where}");
        if (systemsBroken)
            return new(CyberAnswer.Yes, $"the breach was deliberate and affected the integrity or availability of systems{where}");
        return new(CyberAnswer.No, "the breach was deliberate, but neither detected by security monitoring nor affecting the integrity or availability of systems (for example a theft of equipment or papers)");
    }
}
