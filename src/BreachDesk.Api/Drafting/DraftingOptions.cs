namespace BreachDesk.Drafting;

/// <summary><c>BreachDesk:Drafts</c>.</summary>
public sealed class DraftingOptions
{
    /// <summary>A folder whose <c>{kind}.liquid</c> files replace the shipped templates of the same name.</summary>
    public string? TemplateFolder { get; set; }
}

/// <summary><c>BreachDesk:Dpo</c>: the Data Protection Officer's contact details, printed in every draft (Art. 33(3)(b)).</summary>
public sealed class DpoContactOptions
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
}

/// <summary><c>BreachDesk:Organisation</c>: who the drafts speak for (the ICO form asks for both).</summary>
public sealed class OrganisationOptions
{
    public string? Name { get; set; }
    public string? IcoRegistrationNumber { get; set; }
}
