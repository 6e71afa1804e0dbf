using BreachDesk.Assessing;

namespace BreachDesk.Drafting;

/// <summary>
/// Art. 34(3)(a): telling the people affected is not required when the data was made unintelligible to anyone
/// not authorised to see it, as encryption does while its key is safe. Whether a later measure (Art. 34(3)(b))
/// makes a high risk no longer likely is the DPO's judgement, so recovered data is only pointed out.
/// </summary>
public static class DataSubjectExemption
{
    public static bool EncryptedWithSafeKey(ImpactAssessment? impact) => impact is { DataEncrypted: true, KeyCompromised: false };

    public static bool RecoveryMayApply(ImpactAssessment? impact) => impact is { DataRecovered: true } && !EncryptedWithSafeKey(impact);
}
