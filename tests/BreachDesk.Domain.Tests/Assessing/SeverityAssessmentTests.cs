using System.Globalization;
using System.Text.RegularExpressions;
using BreachDesk.Assessing;
using static BreachDesk.Assessing.BreachType;
using static BreachDesk.Assessing.DataCategory;

namespace BreachDesk.Domain.Tests.Assessing;

// Worked examples derived by hand from the ENISA 2013 method: SE = DPC x EI + CB.
// DPC: simple 1, behavioural 2, financial 3, sensitive 4 (highest category counts, Step 2 raises, max 4).
// EI: negligible 0.25, limited 0.5, significant 0.75, maximum 1.
// CB: each loss 0 / 0.25 / 0.5, malicious intent +0.5. Bands: low < 2 <= medium < 3 <= high < 4 <= very high.
public class SeverityAssessmentTests
{
    // Defaults: a confidentiality breach of 100 customers' records, directly identifiable, accidental.
    static ImpactAssessment Impact(DataCategory[] categories, BreachType[]? types = null,
        Identifiability identifiability = Identifiability.Maximum, int? subjects = 100, int? records = 100,
        string[]? groups = null, bool encrypted = false, bool keyCompromised = false, bool malicious = false, bool recovered = false) =>
        new(types ?? [Confidentiality], categories, subjects, records, groups ?? ["customers"],
            encrypted, keyCompromised, malicious, recovered, identifiability, null, ["IE"]);

    static void AssertResult(SuggestedRisk risk, string score, SeverityBand band, RiskLevel level)
    {
        // Compared as text so the 2-decimal scale is checked too (4.50, not 4.5).
        Assert.Equal(score, risk.Score.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(band, risk.Band);
        Assert.Equal(level, risk.Level);
    }

    [Theory]
    [InlineData("0.25", SeverityBand.Low)]
    [InlineData("1.99", SeverityBand.Low)]
    [InlineData("2.00", SeverityBand.Medium)]
    [InlineData("2.99", SeverityBand.Medium)]
    [InlineData("3.00", SeverityBand.High)]
    [InlineData("3.99", SeverityBand.High)]
    [InlineData("4.00", SeverityBand.VeryHigh)]
    [InlineData("6.00", SeverityBand.VeryHigh)]
    public void Bands_follow_the_ENISA_boundaries(string score, SeverityBand expected) =>
        Assert.Equal(expected, SeverityAssessment.BandFor(decimal.Parse(score, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(SeverityBand.Low, RiskLevel.None)]
    [InlineData(SeverityBand.Medium, RiskLevel.Risk)]
    [InlineData(SeverityBand.High, RiskLevel.High)]
    [InlineData(SeverityBand.VeryHigh, RiskLevel.High)]
    public void Levels_follow_the_bands(SeverityBand band, RiskLevel expected) =>
        Assert.Equal(expected, SeverityAssessment.LevelFor(band));

    [Fact]
    public void Score_of_exactly_2_is_medium()
    {
        // Hacker copies a customer contact list.
        // DPC contact 1 x EI maximum 1 + CB confidentiality (attacker) 0.5 + malicious 0.5 = 2.00 -> medium -> risk
        var risk = SeverityAssessment.Suggest(Impact([Contact], malicious: true));
        AssertResult(risk, "2.00", SeverityBand.Medium, RiskLevel.Risk);
    }

    [Fact]
    public void Score_of_exactly_3_is_high()
    {
        // Pseudonymised lab results stolen; re-identification needs extra sources.
        // DPC special-category 4 x EI limited 0.5 + CB confidentiality 0.5 + malicious 0.5 = 3.00 -> high
        var risk = SeverityAssessment.Suggest(Impact([SpecialCategory], identifiability: Identifiability.Limited, malicious: true));
        AssertResult(risk, "3.00", SeverityBand.High, RiskLevel.High);
    }

    [Fact]
    public void Score_of_exactly_4_is_very_high()
    {
        // Card details with cardholder names stolen.
        // DPC financial 3 x EI maximum 1 + CB confidentiality 0.5 + malicious 0.5 = 4.00 -> very high -> high
        var risk = SeverityAssessment.Suggest(Impact([Financial, Contact], malicious: true));
        AssertResult(risk, "4.00", SeverityBand.VeryHigh, RiskLevel.High);
    }

    [Fact]
    public void Lost_encrypted_laptop_is_low()
    {
        // HR laptop left on a train; full-disk encryption, key safe.
        // DPC max(contact 1, employment 1) = 1 x EI lowered to negligible 0.25
        //   + CB confidentiality of unintelligible data 0 + not malicious 0 = 0.25 -> low -> none
        var risk = SeverityAssessment.Suggest(Impact([Contact, Employment], subjects: 300, records: 300,
            groups: ["employees"], encrypted: true));
        AssertResult(risk, "0.25", SeverityBand.Low, RiskLevel.None);
        Assert.Contains("Data encrypted and key not compromised: ease of identification lowered to negligible (0.25) from maximum (1.00).", risk.Factors);
    }

    [Fact]
    public void Stolen_laptop_with_compromised_key_gets_no_credit_for_encryption()
    {
        // Same laptop stolen with the password taped to it.
        // DPC 1 x EI maximum 1 (encryption ignored) + CB confidentiality (attacker) 0.5 + malicious 0.5 = 2.00 -> medium
        var risk = SeverityAssessment.Suggest(Impact([Contact, Employment], subjects: 300, records: 300,
            encrypted: true, keyCompromised: true, malicious: true));
        AssertResult(risk, "2.00", SeverityBand.Medium, RiskLevel.Risk);
    }

    [Fact]
    public void Misdirected_email_with_contact_details_to_one_person_is_low()
    {
        // One customer's address e-mailed to the wrong customer, who confirmed deletion.
        // DPC contact 1 x EI maximum 1 + CB confidentiality, known recipient 0.25 + not malicious 0 = 1.25 -> low -> none
        var deleted = SeverityAssessment.Suggest(Impact([Contact], subjects: 1, records: 1, recovered: true));
        AssertResult(deleted, "1.25", SeverityBand.Low, RiskLevel.None);

        // Without confirmation the recipients cannot be bounded: 1 x 1 + 0.5 + 0 = 1.50 -> still low
        var unconfirmed = SeverityAssessment.Suggest(Impact([Contact], subjects: 1, records: 1));
        AssertResult(unconfirmed, "1.50", SeverityBand.Low, RiskLevel.None);
    }

    [Fact]
    public void Ransomware_with_exfiltration_of_financial_data_is_very_high()
    {
        // Files encrypted and copied out; systems restored from backup. 4,000 customers.
        // DPC max(contact 1, identity 1, financial 3) = 3 x EI maximum 1
        //   + CB confidentiality (attacker's copy) 0.5 + availability restored 0.25 + malicious 0.5 = 4.25 -> very high
        var risk = SeverityAssessment.Suggest(Impact([Contact, Identity, Financial], [Confidentiality, Availability],
            subjects: 4_000, records: 4_000, malicious: true, recovered: true));
        AssertResult(risk, "4.25", SeverityBand.VeryHigh, RiskLevel.High);
    }

    [Fact]
    public void Credential_stuffing_is_scored_as_the_data_the_accounts_unlock()
    {
        // Reused passwords let attackers into 1,200 shop accounts showing name and address.
        // DPC max(contact 1, credentials -> behavioural 2) = 2 x EI maximum 1
        //   + CB confidentiality (attacker) 0.5 + malicious 0.5 = 3.00 -> high
        var risk = SeverityAssessment.Suggest(Impact([Credentials, Contact], subjects: 1_200, records: 1_200, malicious: true));
        AssertResult(risk, "3.00", SeverityBand.High, RiskLevel.High);

        // If the accounts also hold card details, financial wins: 3 x 1 + 0.5 + 0.5 = 4.00 -> very high
        var withCards = SeverityAssessment.Suggest(Impact([Credentials, Contact, Financial], subjects: 1_200, records: 1_200, malicious: true));
        AssertResult(withCards, "4.00", SeverityBand.VeryHigh, RiskLevel.High);
    }

    [Fact]
    public void Special_category_health_data_of_patients_is_very_high()
    {
        // Misconfigured portal exposed 25,000 patients' records to the internet; no attacker seen.
        // DPC special-category 4 (volume and vulnerable raises cannot pass 4) x EI maximum 1
        //   + CB confidentiality, not recovered 0.5 + not malicious 0 = 4.50 -> very high -> high
        var risk = SeverityAssessment.Suggest(Impact([SpecialCategory, Identity, Contact],
            subjects: 25_000, records: 25_000, groups: ["patients"]));
        AssertResult(risk, "4.50", SeverityBand.VeryHigh, RiskLevel.High);
        Assert.Contains(risk.Factors, f => f.StartsWith("Large number of data subjects (about 25,000): no raise"));
        Assert.Contains(risk.Factors, f => f.StartsWith("Vulnerable data subjects (patients): no raise"));
    }

    [Fact]
    public void Childrens_data_is_raised_for_vulnerable_individuals()
    {
        // A school puts a class list with photos on its public website by mistake; 350 pupils.
        // DPC simple 1 + 1 (children) = 2 x EI maximum 1 + CB confidentiality, not recovered 0.5 = 2.50 -> medium -> risk
        var children = SeverityAssessment.Suggest(Impact([Children, Contact, Photographs],
            subjects: 350, records: 350, groups: ["pupils"]));
        AssertResult(children, "2.50", SeverityBand.Medium, RiskLevel.Risk);
        Assert.Contains("Vulnerable data subjects (children, pupils): data processing context raised by 1 to 2 (ENISA DPC step 2, characteristics of the individuals).", children.Factors);

        // The same list about adults: 1 x 1 + 0.5 = 1.50 -> low -> none
        var adults = SeverityAssessment.Suggest(Impact([Contact, Photographs], subjects: 350, records: 350));
        AssertResult(adults, "1.50", SeverityBand.Low, RiskLevel.None);
    }

    [Fact]
    public void Large_number_of_subjects_raises_the_data_processing_context()
    {
        // 20,000 customers' contact details exposed by mistake.
        // DPC contact 1 + 1 (volume) = 2 x EI 1 + CB confidentiality 0.5 = 2.50 -> medium
        AssertResult(SeverityAssessment.Suggest(Impact([Contact], subjects: 20_000, records: 20_000)), "2.50", SeverityBand.Medium, RiskLevel.Risk);

        // Headcount unknown, 50,000 records: read as people, same raise -> 2.50
        AssertResult(SeverityAssessment.Suggest(Impact([Contact], subjects: null, records: 50_000)), "2.50", SeverityBand.Medium, RiskLevel.Risk);

        // 9,999 people is below the threshold: 1 x 1 + 0.5 = 1.50 -> low
        AssertResult(SeverityAssessment.Suggest(Impact([Contact], subjects: 9_999, records: 9_999)), "1.50", SeverityBand.Low, RiskLevel.None);
    }

    [Fact]
    public void Detailed_history_per_person_raises_the_data_processing_context()
    {
        // A year of location points (8,000 records) for 40 fleet drivers leaked by mistake: 200 per person.
        // DPC behavioural 2 + 1 (data volume) = 3 x EI maximum 1 + CB confidentiality 0.5 = 3.50 -> high
        var risk = SeverityAssessment.Suggest(Impact([Location], subjects: 40, records: 8_000, groups: ["employees"]));
        AssertResult(risk, "3.50", SeverityBand.High, RiskLevel.High);
    }

    [Fact]
    public void Integrity_breach_counts_whether_the_data_was_restored()
    {
        // Insider altered payroll records; originals restored from backup.
        // DPC max(employment 1, financial 3) = 3 x EI 1 + CB integrity restored 0.25 + malicious 0.5 = 3.75 -> high
        var restored = SeverityAssessment.Suggest(Impact([Employment, Financial], [Integrity], malicious: true, recovered: true));
        AssertResult(restored, "3.75", SeverityBand.High, RiskLevel.High);

        // Not restored: 3 x 1 + 0.5 + 0.5 = 4.00 -> very high
        var lost = SeverityAssessment.Suggest(Impact([Employment, Financial], [Integrity], malicious: true));
        AssertResult(lost, "4.00", SeverityBand.VeryHigh, RiskLevel.High);
    }

    [Fact]
    public void Availability_loss_without_backup_of_simple_data_is_low()
    {
        // Disk failure destroys a mailing list with no backup.
        // DPC contact 1 x EI 1 + CB full unavailability 0.5 + not malicious 0 = 1.50 -> low -> none
        var risk = SeverityAssessment.Suggest(Impact([Contact], [Availability]));
        AssertResult(risk, "1.50", SeverityBand.Low, RiskLevel.None);
    }

    [Fact]
    public void Factors_mention_every_contribution()
    {
        // The ransomware example: 3 x 1 + (0.5 + 0.25 + 0.5) = 4.25
        var risk = SeverityAssessment.Suggest(Impact([Contact, Financial], [Confidentiality, Availability],
            subjects: 4_000, records: 4_000, malicious: true, recovered: true));

        Assert.Contains("Contact data: data processing context 1 (ENISA DPC simple).", risk.Factors);
        Assert.Contains("Financial data: data processing context 3 (ENISA DPC financial).", risk.Factors);
        Assert.Contains(risk.Factors, f => f.StartsWith("Highest data category sets the data processing context to 3"));
        Assert.Contains(risk.Factors, f => f.StartsWith("Identifiability maximum: ease of identification 1.00"));
        Assert.Contains(risk.Factors, f => f.Contains("confidentiality") && f.Contains("+0.50"));
        Assert.Contains(risk.Factors, f => f.Contains("availability") && f.Contains("+0.25"));
        Assert.Contains(risk.Factors, f => f.StartsWith("Malicious intent") && f.Contains("+0.50"));
        Assert.Equal("Severity 4.25 = DPC 3 x EI 1.00 + CB 1.25: very high (ENISA severity levels), suggested level 'high'.", risk.Factors[^1]);

        // The CB sentences add up to the CB in the score, so nothing is counted without being said.
        decimal said = risk.Factors
            .Select(f => Regex.Match(f, @"circumstances of breach \+(\d+\.\d\d)"))
            .Where(m => m.Success)
            .Sum(m => decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(1.25m, said);
    }

    [Fact]
    public void Factors_use_invariant_numbers_whatever_the_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("2,50", 2.5m.ToString("0.00")); // the switch bites: German uses a decimal comma
            var risk = SeverityAssessment.Suggest(Impact([Contact], subjects: 20_000, records: 20_000));
            Assert.Contains(risk.Factors, f => f.StartsWith("Large number of data subjects (about 20,000)"));
            Assert.StartsWith("Severity 2.50 = DPC 2 x EI 1.00 + CB 0.50", risk.Factors[^1]);
        }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    [Fact]
    public void Missing_categories_and_breach_types_are_assumed_simple_and_said_so()
    {
        // DPC assumed 1 x EI 1 + CB nothing = 1.00 -> low, with the assumption stated.
        var risk = SeverityAssessment.Suggest(Impact([], []));
        AssertResult(risk, "1.00", SeverityBand.Low, RiskLevel.None);
        Assert.Contains(risk.Factors, f => f.StartsWith("No data categories given"));
        Assert.Contains(risk.Factors, f => f.StartsWith("No breach type given"));
    }

    [Fact]
    public void Null_impact_is_rejected() =>
        Assert.Throws<ArgumentNullException>(() => SeverityAssessment.Suggest(null!));
}
