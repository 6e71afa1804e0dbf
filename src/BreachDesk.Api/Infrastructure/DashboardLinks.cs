namespace BreachDesk.Infrastructure;

/// <summary>
/// Where people open BreachDesk (<c>BreachDesk:PublicUrl</c>, e.g. https://breachdesk.example.org): alerts link to the
/// incident's page on the dashboard, so on-call goes from the page to the clock in one tap. Unset, alerts carry no link
/// (the service cannot know the address a load balancer or proxy gives it).
/// </summary>
public sealed class DashboardLinks
{
    public const string Key = "BreachDesk:PublicUrl";

    private readonly string? _root;

    private DashboardLinks(string? root) => _root = root;

    public static DashboardLinks From(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value)) return new DashboardLinks(null);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Query.Length > 0 || url.Fragment.Length > 0)
            throw new InvalidOperationException($"{Key} must be the dashboard's absolute http(s) address, such as https://breachdesk.example.org, not '{value}'.");
        return new DashboardLinks(url.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }

    /// <summary>The incident's page (the dashboard's hash route), or null when no public address is configured.</summary>
    public string? Incident(Guid incidentId) => _root is null ? null : $"{_root}/#/incidents/{incidentId}";
}
