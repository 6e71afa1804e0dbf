namespace BreachDesk.Assessing;

/// <summary>
/// Which security property the breach broke, in the EDPB's three-way split
/// (JSON: "confidentiality" | "integrity" | "availability").
/// Each maps to one "loss of ..." element of the ENISA Circumstances of Breach (CB).
/// </summary>
public enum BreachType
{
    /// <summary>Unauthorised or accidental disclosure of, or access to, personal data.</summary>
    Confidentiality,

    /// <summary>Unauthorised or accidental alteration of personal data.</summary>
    Integrity,

    /// <summary>Loss of access to, or destruction of, personal data.</summary>
    Availability,
}

/// <summary>
/// The kinds of personal data involved, as security staff tick them on the impact assessment
/// (JSON: "contact", "identity", "credentials", "financial", "location", "online-identifiers",
/// "behavioural", "photographs", "employment", "special-category", "criminal", "children").
/// <see cref="SeverityAssessment"/> maps each one to an ENISA data class.
/// </summary>
public enum DataCategory
{
    /// <summary>Names, postal and e-mail addresses, phone numbers.</summary>
    Contact,

    /// <summary>Date of birth, national ID, passport or driving-licence numbers.</summary>
    Identity,

    /// <summary>Usernames, passwords, security questions, access tokens.</summary>
    Credentials,

    /// <summary>Bank or card details, income, transactions, invoices, welfare payments.</summary>
    Financial,

    /// <summary>Where a person is or has been.</summary>
    Location,

    /// <summary>IP addresses, cookie and device identifiers.</summary>
    OnlineIdentifiers,

    /// <summary>Preferences, habits, purchase, browsing or call history.</summary>
    Behavioural,

    /// <summary>Pictures or video of people.</summary>
    Photographs,

    /// <summary>Job title, employer, career history, HR records.</summary>
    Employment,

    /// <summary>GDPR Art. 9 data: health, ethnicity, religion, politics, sex life, biometrics, genetics, union membership.</summary>
    SpecialCategory,

    /// <summary>GDPR Art. 10 data: criminal convictions, offences, related security measures.</summary>
    Criminal,

    /// <summary>Data about children (a characteristic of the people as much as a kind of data).</summary>
    Children,
}

/// <summary>
/// How easily the breached data can be matched to the people it is about: the four levels of
/// the ENISA Ease of Identification (EI) criterion (JSON: "negligible" | "limited" | "significant" | "maximum").
/// </summary>
public enum Identifiability
{
    /// <summary>Extremely difficult to match to a person, though possible under certain conditions (EI 0.25).</summary>
    Negligible,

    /// <summary>Identification needs considerable effort or extra sources (EI 0.5).</summary>
    Limited,

    /// <summary>Identification needs moderate effort or commonly available information (EI 0.75).</summary>
    Significant,

    /// <summary>Identification directly from the breached data, no research needed (EI 1).</summary>
    Maximum,
}

/// <summary>The GDPR outcome the severity suggests.</summary>
public enum RiskLevel
{
    /// <summary>Unlikely to result in a risk: record internally (Art. 33(5)), no notification.</summary>
    None,

    /// <summary>Likely to result in a risk: notify the supervisory authority (Art. 33).</summary>
    Risk,

    /// <summary>Likely to result in a high risk: also tell the data subjects (Art. 34).</summary>
    High,
}

/// <summary>ENISA severity levels: low &lt; 2 &lt;= medium &lt; 3 &lt;= high &lt; 4 &lt;= very high.</summary>
public enum SeverityBand
{
    /// <summary>SE below 2.</summary>
    Low,

    /// <summary>SE from 2 up to, not including, 3.</summary>
    Medium,

    /// <summary>SE from 3 up to, not including, 4.</summary>
    High,

    /// <summary>SE of 4 or more.</summary>
    VeryHigh,
}

/// <summary>
/// An incident's impact assessment as posted by security staff (the public API contract).
/// </summary>
/// <param name="BreachTypes">Which of confidentiality, integrity and availability were lost.</param>
/// <param name="DataCategories">The kinds of personal data involved.</param>
/// <param name="ApproxDataSubjects">Roughly how many people are affected, if known.</param>
/// <param name="ApproxRecords">Roughly how many records are affected, if known.</param>
/// <param name="SubjectGroups">Who the people are, in staff's words, e.g. "customers", "employees", "patients".</param>
/// <param name="DataEncrypted">Whether the breached copy was encrypted.</param>
/// <param name="KeyCompromised">Whether the key for that encryption was also exposed.</param>
/// <param name="MaliciousIntent">Whether the breach was deliberate (theft, hacking, insider misuse) rather than an error.</param>
/// <param name="DataRecovered">Whether the data was got back, deleted by the recipient or restored.</param>
/// <param name="Identifiability">How easily the data can be matched to the people.</param>
/// <param name="LikelyConsequences">Free text for the reviewer; not scored.</param>
/// <param name="Countries">ISO country codes of the people affected; not scored.</param>
public sealed record ImpactAssessment(
    IReadOnlyList<BreachType> BreachTypes,
    IReadOnlyList<DataCategory> DataCategories,
    int? ApproxDataSubjects,
    int? ApproxRecords,
    IReadOnlyList<string> SubjectGroups,
    bool DataEncrypted,
    bool KeyCompromised,
    bool MaliciousIntent,
    bool DataRecovered,
    Identifiability Identifiability,
    string? LikelyConsequences,
    IReadOnlyList<string> Countries);
