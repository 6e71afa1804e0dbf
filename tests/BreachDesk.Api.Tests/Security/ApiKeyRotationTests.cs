using System.Net;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Security;

/// <summary>
/// Rotation as an operator does it: configure the new key's hash beside the old one (both work, so clients move
/// over one by one), then remove the old hash (restarting instances one at a time): the old key stops working.
/// </summary>
public class ApiKeyRotationTests
{
    private const string OldKey = "siem-2025-4f1e0d9c2b";
    private const string NewKey = "siem-2026-a93c77e610";

    [Fact]
    public async Task Two_keys_of_one_account_both_work_and_removing_one_from_configuration_revokes_it()
    {
        var database = await TestDatabase.CreateAsync();

        await using (var during = await StartWithKeys(database, OldKey, NewKey))
        {
            var byOld = await during.Client(OldKey).ReportedIncident();
            var byNew = await during.Client(NewKey).ReportedIncident();
            Assert.Equal("siem", byOld["reportedBy"]!.GetValue<string>());
            Assert.Equal("siem", byNew["reportedBy"]!.GetValue<string>());
        }

        await using var after = await StartWithKeys(database, NewKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await after.Client(OldKey).GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(2, await after.Client(NewKey).CountIncidents());
    }

    private static Task<RunningService> StartWithKeys(string database, params string[] keys) =>
        RunningService.StartAsync(database, null,
        [
            "BreachDesk:Auth:DevKeys=false",
            .. keys.SelectMany((key, i) => new[]
            {
                $"BreachDesk:Auth:ApiKeys:{i}:Name=siem",
                // Only the hash is configured, never the key.
                $"BreachDesk:Auth:ApiKeys:{i}:Sha256={ApiKeyStore.Hash(key)}",
                $"BreachDesk:Auth:ApiKeys:{i}:Roles:0=reporter",
            }),
        ]);
}
