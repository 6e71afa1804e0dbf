using System.Security.Claims;
using System.Text.Json;

namespace BreachDesk.Infrastructure.Auth;

/// <summary>The BreachDesk roles an access token carries, in the claim <c>BreachDesk:Auth:Oidc:RolesClaim</c> names.</summary>
public static class TokenRoles
{
    /// <summary>
    /// A claim named exactly so is read first (a namespaced claim such as <c>https://example.org/roles</c> has dots of
    /// its own). Otherwise a dotted name is a path into a JSON object claim: <c>realm_access.roles</c> is Keycloak's
    /// <c>{"realm_access": {"roles": [...]}}</c>. A JSON array claim arrives as one claim per element; some providers
    /// send one space- or comma-separated string, or the array as JSON text: all are read. Role names are compared in
    /// lower case.
    /// </summary>
    public static IReadOnlyList<string> In(ClaimsPrincipal token, string rolesClaim)
    {
        var values = token.FindAll(rolesClaim).Select(claim => claim.Value).ToList();
        if (values.Count == 0 && rolesClaim.Contains('.')) values = AtPath(token, rolesClaim.Split('.')).ToList();
        return values
            .SelectMany(value => value.TrimStart().StartsWith('[') ? JsonStrings(value) : value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            .Select(role => role.Trim().ToLowerInvariant())
            .Where(role => role.Length > 0)
            .Distinct()
            .ToList();
    }

    private static IEnumerable<string> AtPath(ClaimsPrincipal token, string[] path) =>
        token.FindAll(path[0]).SelectMany(claim => Walk(claim.Value, path[1..]));

    private static IEnumerable<string> Walk(string json, string[] path)
    {
        JsonElement node;
        try
        {
            node = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException)
        {
            return [];
        }
        foreach (var name in path)
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node)) return [];
        return node.ValueKind switch
        {
            JsonValueKind.Array => node.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList(),
            JsonValueKind.String => [node.GetString()!],
            _ => [],
        };
    }

    private static IEnumerable<string> JsonStrings(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(value) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
