namespace BreachDesk.Infrastructure.Auth;

/// <summary>
/// <c>BreachDesk:Auth</c>. Keys are stored only as SHA-256 hashes: a leaked configuration gives nobody a key.
/// Several keys may be valid at once, which is how a key is rotated without downtime (add the new one,
/// move the clients, remove the old one).
/// </summary>
public sealed class AuthOptions
{
    /// <summary>Turns on the well-known development keys (dev-reporter, dev-dpo, ...). Never in production.</summary>
    public bool DevKeys { get; set; }

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

public sealed class ApiKeyOptions
{
    /// <summary>Who the key belongs to; recorded as the actor of everything done with it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = "";

    public List<string> Roles { get; set; } = [];
}
