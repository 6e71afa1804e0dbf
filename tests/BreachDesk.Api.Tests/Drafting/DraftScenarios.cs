using BreachDesk.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BreachDesk.Tests.Drafting;

/// <summary>
/// The four breaches of the golden files, built through the real HTTP API with fixed times (the service's clock
/// is fake). The clock is moved to a few minutes after each act before it is recorded, as if staff recorded it then,
/// so the four run in date order. Each returns the incident's id once every fact is recorded.
/// </summary>
public static class DraftScenarios
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-03-01T00:00:00Z");

    /// <summary>Where the clock stands once the four are recorded, for the tests that follow.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-10T12:00:00Z");

    public static async Task<string> LostLaptop(RunningService service, FakeTimeProvider clock)
    {
        At(clock, "2026-03-02T18:30:00Z");
        var incident = await IncidentClient.Reported(service, new
        {
            title = "Laptop left on a train",
            description = "An HR officer left a work laptop on a train from Leeds to London. Its disk is encrypted with BitLocker and it was locked when lost.",
            discoveredAt = "2026-03-02T18:30:00Z", occurredAt = "2026-03-02T17:45:00Z", occurredAtIsEstimate = true,
            source = "staff", systems = new[] { "HR laptop LT-0423" },
        });
        At(clock, "2026-03-02T19:10:00Z");
        await incident.Do("containment", new { action = "Sent a remote wipe command and revoked the laptop's certificates and the user's sessions.", takenAt = "2026-03-02T19:10:00Z" }, "dev-oncall");
        At(clock, "2026-03-02T20:00:00Z");
        await incident.Do("dpo-notification", new
        {
            notifiedAt = "2026-03-02T20:00:00Z", channel = "e-mail",
            howItOccurred = "The laptop was left in a bag on the luggage rack when its user got off the train; it has not been handed in.",
            likelyImpact = "Low: the disk is fully encrypted and the key is protected by the laptop's TPM and a PIN.",
        }, "dev-reporter");
        At(clock, "2026-03-03T10:00:00Z");
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "employment", "contact", "special-category" },
            approxDataSubjects = 250, approxRecords = 1800, subjectGroups = new[] { "employees" },
            dataEncrypted = true, keyCompromised = false, maliciousIntent = false, dataRecovered = false, identifiability = "negligible",
            likelyConsequences = "None expected: the files cannot be read without the encryption key, which was not lost.", countries = new[] { "GB" },
        }, "dev-reporter");
        At(clock, "2026-03-03T14:00:00Z");
        await incident.Do("risk-assessment", new { level = "none", rationale = "Full-disk encryption with an uncompromised key; the device has also been wiped remotely." });
        return incident.Id;
    }

    public static async Task<string> MisdirectedEmail(RunningService service, FakeTimeProvider clock)
    {
        At(clock, "2026-03-04T10:15:00Z");
        var incident = await IncidentClient.Reported(service, new
        {
            title = "Customer list e-mailed to the wrong supplier",
            description = "A spreadsheet of customers' names, addresses and order history was attached to an e-mail sent to the wrong supplier after the address autocompleted.",
            discoveredAt = "2026-03-04T10:15:00Z", occurredAt = "2026-03-04T09:40:00Z", source = "staff", systems = new[] { "Outlook" },
        });
        At(clock, "2026-03-04T10:30:00Z");
        await incident.Do("containment", new { action = "Asked the recipient to delete the e-mail and its attachment; recalled the message.", takenAt = "2026-03-04T10:30:00Z" }, "dev-reporter");
        At(clock, "2026-03-04T11:00:00Z");
        await incident.Do("dpo-notification", new
        {
            notifiedAt = "2026-03-04T11:00:00Z", channel = "e-mail",
            howItOccurred = "The sender's e-mail program autocompleted a supplier with a similar name, and the recipient was not checked before sending.",
            likelyImpact = "Customers' contact details and order history were disclosed to one business.",
        }, "dev-reporter");
        At(clock, "2026-03-04T15:00:00Z");
        await incident.Do("containment", new { action = "The recipient confirmed in writing that the e-mail and attachment were deleted unopened.", takenAt = "2026-03-04T15:00:00Z" }, "dev-reporter");
        At(clock, "2026-03-04T16:00:00Z");
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact", "behavioural" },
            approxDataSubjects = 1200, approxRecords = 1200, subjectGroups = new[] { "customers" },
            dataEncrypted = false, maliciousIntent = false, dataRecovered = true, identifiability = "maximum",
            likelyConsequences = "Unwanted contact from the supplier; a small chance of phishing if the list were passed on.", countries = new[] { "GB" },
        }, "dev-reporter");
        At(clock, "2026-03-04T16:30:00Z");
        await incident.Do("risk-assessment", new { level = "risk", rationale = "Sent to a known business that confirmed deletion; contact and order data only, nothing financial." });
        At(clock, "2026-03-04T17:30:00Z");
        await incident.Do("regulator-notification", new { submittedAt = "2026-03-04T17:30:00Z", reference = "IC-402117-K8F3" });
        return incident.Id;
    }

    public static async Task<string> RansomwareWithExfiltration(RunningService service, FakeTimeProvider clock)
    {
        At(clock, "2026-03-05T07:20:00Z");
        var incident = await IncidentClient.Reported(service, new
        {
            title = "Ransomware on the HR file server",
            description = "Files on the HR file server were encrypted by ransomware. The attackers' note claims they copied HR data first, and a sample of payroll records appeared on their leak site.",
            discoveredAt = "2026-03-05T07:20:00Z", occurredAt = "2026-03-04T23:00:00Z", occurredAtIsEstimate = true,
            source = "automated", systems = new[] { "fs-hr-01", "backup server" },
        });
        At(clock, "2026-03-05T07:45:00Z");
        await incident.Do("containment", new { action = "Isolated fs-hr-01 from the network and disabled the compromised administrator account.", takenAt = "2026-03-05T07:45:00Z" }, "dev-oncall");
        At(clock, "2026-03-05T09:00:00Z");
        await incident.Do("dpo-notification", new
        {
            notifiedAt = "2026-03-05T09:00:00Z", channel = "telephone, confirmed by e-mail",
            howItOccurred = "An administrator opened a phishing e-mail; the attackers used the stolen credentials to reach the file server over remote desktop.",
            likelyImpact = "Employees' HR and payroll records may be in criminal hands, with a risk of fraud and identity theft.",
        }, "dev-reporter");
        At(clock, "2026-03-05T12:00:00Z");
        await incident.Do("containment", new { action = "Reset every domain administrator password and blocked the attackers' IP addresses at the firewall.", takenAt = "2026-03-05T12:00:00Z" }, "dev-oncall");
        At(clock, "2026-03-05T15:00:00Z");
        await incident.Do("third-party-notifications", new { party = "Payroll Services Ltd", agreement = "data processing agreement DPA-2024-07", notifiedAt = "2026-03-05T15:00:00Z" });
        At(clock, "2026-03-06T10:00:00Z");
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality", "availability" }, dataCategories = new[] { "employment", "financial", "identity", "special-category" },
            approxDataSubjects = 850, approxRecords = 26000, subjectGroups = new[] { "employees", "former employees" },
            dataEncrypted = false, maliciousIntent = true, dataRecovered = false, identifiability = "maximum",
            likelyConsequences = "Identity theft and financial fraud using payroll, bank and National Insurance details; distress from the disclosure of sickness records.",
            countries = new[] { "GB", "IE" },
        }, "dev-reporter");
        At(clock, "2026-03-06T18:00:00Z");
        await incident.Do("containment", new { action = "Restored the HR file share from the offline backup of 4 March.", takenAt = "2026-03-06T18:00:00Z" }, "dev-oncall");
        At(clock, "2026-03-07T09:00:00Z");
        await incident.Do("risk-assessment", new { level = "high", rationale = "A criminal group copied financial, identity and health data of employees, and has already published a sample." });
        At(clock, "2026-03-08T15:00:00Z");
        await incident.Do("regulator-notification", new
        {
            submittedAt = "2026-03-08T15:00:00Z", reference = "IC-402398-Q2M7",
            lateReason = "The copying of data was confirmed only when the leak site published a sample on 8 March; until then the forensic investigation had found no sign that data left the network.",
        });
        At(clock, "2026-03-09T10:00:00Z");
        await incident.Do("regulator-follow-up", new { sentAt = "2026-03-09T10:00:00Z", information = "Forensic report: about 26,000 files were copied between 23:10 and 01:40; no other systems were affected." });
        At(clock, "2026-03-09T16:00:00Z");
        await incident.Do("data-subject-notification", new { sentAt = "2026-03-09T16:00:00Z", channel = "e-mail and letter", recipients = 850 });
        return incident.Id;
    }

    public static async Task<string> CredentialStuffing(RunningService service, FakeTimeProvider clock)
    {
        At(clock, "2026-03-09T20:00:00Z");
        var incident = await IncidentClient.Reported(service, new
        {
            title = "Credential-stuffing attack on the customer portal",
            description = "Automated log-ins using passwords leaked from other websites succeeded on customer portal accounts. The attackers viewed account pages showing names, addresses, phone numbers and the last four digits of payment cards.",
            discoveredAt = "2026-03-09T20:00:00Z", source = "automated", systems = new[] { "customer portal" },
        });
        At(clock, "2026-03-09T20:30:00Z");
        await incident.Do("containment", new { action = "Blocked the attacking IP ranges and turned on CAPTCHA at log-in.", takenAt = "2026-03-09T20:30:00Z" }, "dev-oncall");
        At(clock, "2026-03-09T22:00:00Z");
        await incident.Do("dpo-notification", new
        {
            notifiedAt = "2026-03-09T22:00:00Z", channel = "e-mail",
            howItOccurred = "Customers reused passwords leaked in other companies' breaches; the portal had no rate limit and no second factor at log-in.",
            likelyImpact = "Account takeover and targeted phishing of the customers concerned.",
        }, "dev-reporter");
        At(clock, "2026-03-09T23:00:00Z");
        await incident.Do("containment", new { action = "Forced a password reset on every account logged into during the attack.", takenAt = "2026-03-09T23:00:00Z" }, "dev-oncall");
        At(clock, "2026-03-10T09:00:00Z");
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "credentials", "contact", "financial" },
            approxDataSubjects = 3400, approxRecords = 3400, subjectGroups = new[] { "customers" },
            dataEncrypted = false, maliciousIntent = true, dataRecovered = false, identifiability = "maximum",
            likelyConsequences = "Account takeover, phishing that quotes real account details, and attempted card fraud using the partial card numbers.",
            countries = new[] { "GB" },
        }, "dev-reporter");
        return incident.Id;
    }

    /// <summary>Staff record each fact a few minutes after it happened.</summary>
    private static void At(FakeTimeProvider clock, string time) => clock.SetUtcNow(DateTimeOffset.Parse(time).AddMinutes(5));
}
