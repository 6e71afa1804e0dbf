using BreachDesk.Assessing;
using BreachDesk.Drafting;
using BreachDesk.Incidents;

namespace BreachDesk.Tests.Drafting;

public class CyberIncidentTests
{
    private static ImpactAssessment Impact(bool malicious, params BreachType[] types) =>
        new(types, [DataCategory.Contact], 10, 10, [], false, false, malicious, false, Identifiability.Maximum, null, []);

    [Fact]
    public void Unknown_until_the_impact_says_whether_it_was_deliberate() =>
        Assert.Equal(CyberAnswer.NotYetKnown, CyberIncident.Decide(IncidentSource.Automated, ["portal"], null).Answer);

    [Theory]
    [InlineData(IncidentSource.Automated, false, BreachType.Confidentiality, CyberAnswer.No)]     // a misconfiguration found by a scanner
    [InlineData(IncidentSource.Staff, false, BreachType.Availability, CyberAnswer.No)]            // a lost laptop
    [InlineData(IncidentSource.Automated, true, BreachType.Confidentiality, CyberAnswer.Yes)]     // credential stuffing
    [InlineData(IncidentSource.Staff, true, BreachType.Availability, CyberAnswer.Yes)]           // ransomware reported by staff
    [InlineData(IncidentSource.ThirdParty, true, BreachType.Confidentiality, CyberAnswer.No)]    // a stolen bag of papers
    public void Deliberate_and_seen_by_monitoring_or_breaking_systems_is_cyber(IncidentSource source, bool malicious, BreachType type, CyberAnswer expected)
    {
        var answer = CyberIncident.Decide(source, [], Impact(malicious, type));
        Assert.Equal(expected, answer.Answer);
        Assert.False(string.IsNullOrWhiteSpace(answer.Reason));
    }
}

public class DataSubjectExemptionTests
{
    private static ImpactAssessment Impact(bool encrypted, bool keyCompromised, bool recovered) =>
        new([BreachType.Confidentiality], [DataCategory.Contact], 10, 10, [], encrypted, keyCompromised, false, recovered, Identifiability.Negligible, null, []);

    [Fact]
    public void Encryption_with_a_safe_key_meets_Art_34_3_a()
    {
        Assert.True(DataSubjectExemption.EncryptedWithSafeKey(Impact(true, false, false)));
        Assert.False(DataSubjectExemption.EncryptedWithSafeKey(Impact(true, true, false)));
        Assert.False(DataSubjectExemption.EncryptedWithSafeKey(Impact(false, false, false)));
        Assert.False(DataSubjectExemption.EncryptedWithSafeKey(null));
    }

    [Fact]
    public void Recovered_data_only_points_to_Art_34_3_b()
    {
        Assert.True(DataSubjectExemption.RecoveryMayApply(Impact(false, false, true)));
        Assert.False(DataSubjectExemption.RecoveryMayApply(Impact(true, false, true))); // (a) already applies
    }
}

public class DraftKindsTests
{
    [Fact]
    public void Names_round_trip_and_others_are_unknown()
    {
        Assert.All(DraftKinds.All, kind => Assert.Equal(kind, DraftKinds.Parse(kind.Name())));
        Assert.Null(DraftKinds.Parse("press-release"));
        Assert.Null(DraftKinds.Parse("Regulator"));
    }
}
