using System.Security.Claims;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Dashboard;

/// <summary>Who the caller is, as the service sees them: the name recorded on what they do, and their roles.</summary>
public sealed record SignedInPerson(string Name, IReadOnlyList<string> Roles);

/// <summary>
/// The dashboard shows only the forms a person's roles may use. It cannot tell the roles itself: a provider's token
/// carries them in a claim the dashboard is not told about (RolesClaim), and an API key's roles are configured on the
/// server. So it asks. This only decides what is shown; every command still checks the roles itself.
/// </summary>
public static class SignedInPersonEndpoint
{
    [WolverineGet("/api/me"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Who is signed in: the name recorded on what they do, and their roles (reporter, dpo, oncall, auditor, admin).")]
    [ProducesResponseType<SignedInPerson>(200)]
    [DisableRequestTimeout] // answered from the credentials alone: nothing it does can run long (and no 504 to document)
    public static IResult Get(ClaimsPrincipal user) =>
        TypedResults.Json(new SignedInPerson(user.Name(), Roles.All.Where(user.IsInRole).ToList()), ApiJson.Options);
}
