using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using static BreachDesk.Assessing.BreachType;
using static BreachDesk.Assessing.DataCategory;

namespace BreachDesk.Tests.Assessing;

public class AssessImpactTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, Now.AddDays(-1), null, DeadlinePolicy.Default);

    private static AssessImpact Valid() => new(
        BreachTypes: [Confidentiality, Availability],
        DataCategories: [Contact, Financial],
        ApproxDataSubjects: 1_200,
        ApproxRecords: 5_000,
        SubjectGroups: [" customers ", "employees"],
        DataEncrypted: true,
        KeyCompromised: true,
        MaliciousIntent: true,
        DataRecovered: false,
        Identifiability: Identifiability.Maximum,
        LikelyConsequences: " Fraud attempts ",
        Countries: ["GB", "IE"]);

    private static string[] Fields(AssessImpact command) => command.Validate().ToDictionary().Keys.Order().ToArray();

    [Fact]
    public void A_complete_impact_is_valid()
    {
        Assert.Empty(Fields(Valid()));
    }

    [Fact]
    public void Empty_breach_types_and_data_categories_and_missing_identifiability_are_named()
    {
        var command = Valid() with { BreachTypes = [], DataCategories = null, Identifiability = null };
        Assert.Equal(["breachTypes", "dataCategories", "identifiability"], Fields(command));
    }

    [Fact]
    public void Missing_breach_types_are_named()
    {
        Assert.Equal(["breachTypes"], Fields(Valid() with { BreachTypes = null }));
    }

    [Fact]
    public void Empty_data_categories_are_named()
    {
        Assert.Equal(["dataCategories"], Fields(Valid() with { DataCategories = [] }));
    }

    [Fact]
    public void Negative_counts_are_named()
    {
        var command = Valid() with { ApproxDataSubjects = -1, ApproxRecords = -10 };
        Assert.Equal(["approxDataSubjects", "approxRecords"], Fields(command));
    }

    [Fact]
    public void Zero_and_unknown_counts_are_accepted()
    {
        Assert.Empty(Fields(Valid() with { ApproxDataSubjects = 0, ApproxRecords = null }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void A_compromised_key_without_encrypted_data_is_named(bool? encrypted)
    {
        var command = Valid() with { DataEncrypted = encrypted, KeyCompromised = true };
        Assert.Equal(["keyCompromised"], Fields(command));
    }

    [Theory]
    [InlineData("gb")]
    [InlineData("GBR")]
    [InlineData("G")]
    [InlineData("")]
    [InlineData(" GB")]
    public void A_country_that_is_not_an_upper_case_alpha_2_code_is_named_by_position(string code)
    {
        var command = Valid() with { Countries = ["IE", code] };
        Assert.Equal(["countries[1]"], Fields(command));
    }

    [Fact]
    public void A_missing_country_is_named_by_position()
    {
        Assert.Equal(["countries[0]"], Fields(Valid() with { Countries = [null] }));
    }

    [Fact]
    public void A_country_code_with_a_trailing_newline_is_named()
    {
        Assert.Equal(["countries[0]"], Fields(Valid() with { Countries = ["GB\n"] }));
    }

    [Fact]
    public void A_blank_subject_group_is_named_by_position()
    {
        Assert.Equal(["subjectGroups[1]"], Fields(Valid() with { SubjectGroups = ["customers", "  "] }));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var command = new AssessImpact(null, null, null, -1, -1, KeyCompromised: true, Countries: ["gb", "GBR"]);
        Assert.Equal(
            ["approxDataSubjects", "approxRecords", "breachTypes", "countries[0]", "countries[1]", "dataCategories", "identifiability", "keyCompromised"],
            Fields(command));
    }

    [Fact]
    public void A_valid_impact_is_recorded_with_the_severity_the_ENISA_method_suggests_for_it()
    {
        var assessed = Valid().Decide(Open, "security", Now);

        var expectedImpact = new ImpactAssessment(
            [Confidentiality, Availability], [Contact, Financial], 1_200, 5_000, ["customers", "employees"],
            DataEncrypted: true, KeyCompromised: true, MaliciousIntent: true, DataRecovered: false,
            Identifiability.Maximum, "Fraud attempts", ["GB", "IE"]);
        var expected = SeverityAssessment.Suggest(expectedImpact);

        Assert.Equal(Open.Id, assessed.IncidentId);
        Assert.Equal(Now, assessed.AssessedAt);
        Assert.Equal("security", assessed.Actor);
        Assert.Equal(expected.Level, assessed.SuggestedRisk.Level);
        Assert.Equal(expected.Score, assessed.SuggestedRisk.Score);
        Assert.Equal(expected.Band, assessed.SuggestedRisk.Band);
        Assert.Equal(expected.Factors, assessed.SuggestedRisk.Factors);

        // And it is the suggestion for exactly the impact the event stores.
        var forStored = SeverityAssessment.Suggest(assessed.Impact);
        Assert.Equal(forStored.Score, assessed.SuggestedRisk.Score);
        Assert.Equal(forStored.Factors, assessed.SuggestedRisk.Factors);
    }

    [Fact]
    public void The_recorded_impact_keeps_the_facts_trimmed_and_without_duplicates()
    {
        var command = Valid() with
        {
            BreachTypes = [Confidentiality, Confidentiality],
            DataCategories = [Contact, Contact, Financial],
            Countries = ["GB", "GB"],
        };
        var impact = command.Decide(Open, "security", Now).Impact;
        Assert.Equal([Confidentiality], impact.BreachTypes);
        Assert.Equal([Contact, Financial], impact.DataCategories);
        Assert.Equal(["customers", "employees"], impact.SubjectGroups);
        Assert.Equal(["GB"], impact.Countries);
        Assert.Equal("Fraud attempts", impact.LikelyConsequences);
        Assert.Equal(1_200, impact.ApproxDataSubjects);
        Assert.Equal(Identifiability.Maximum, impact.Identifiability);
    }

    [Fact]
    public void Yes_no_facts_left_out_are_recorded_as_no()
    {
        var command = Valid() with { DataEncrypted = null, KeyCompromised = null, MaliciousIntent = null, DataRecovered = null };
        Assert.Empty(Fields(command));
        var impact = command.Decide(Open, "security", Now).Impact;
        Assert.False(impact.DataEncrypted);
        Assert.False(impact.KeyCompromised);
        Assert.False(impact.MaliciousIntent);
        Assert.False(impact.DataRecovered);
    }

    [Fact]
    public void A_closed_incident_cannot_be_assessed()
    {
        var closed = Open with { Status = IncidentStatus.Closed };
        Assert.Throws<IncidentConflictException>(() => Valid().Decide(closed, "security", Now));
    }
}
