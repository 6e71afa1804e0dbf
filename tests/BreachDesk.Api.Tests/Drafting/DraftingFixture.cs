using BreachDesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BreachDesk.Tests.Drafting;

/// <summary>
/// A service of its own with a fake clock and a configured DPO, holding the four golden incidents, created in a
/// fixed order in a fresh database so that their references (BD-2026-0001 to 0004) never change.
/// </summary>
public sealed class DraftingFixture : IAsyncLifetime
{
    public RunningService Service { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(DraftScenarios.Start);
    public IReadOnlyDictionary<string, string> Golden { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Service = await StartAsync(await TestDatabase.CreateAsync(), Clock);
        var golden = new Dictionary<string, string>
        {
            ["lost-laptop"] = await DraftScenarios.LostLaptop(Service, Clock),
            ["misdirected-email"] = await DraftScenarios.MisdirectedEmail(Service, Clock),
            ["ransomware"] = await DraftScenarios.RansomwareWithExfiltration(Service, Clock),
            ["credential-stuffing"] = await DraftScenarios.CredentialStuffing(Service, Clock),
        };
        Clock.SetUtcNow(DraftScenarios.Now);
        foreach (var id in golden.Values) await Service.CurrentDrafts(id);
        Golden = golden;
    }

    public static Task<RunningService> StartAsync(string database, TimeProvider clock, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null) =>
        RunningService.StartAsync(database, builder =>
        {
            builder.Services.AddSingleton(clock);
            builder.Configuration["BreachDesk:Organisation:Name"] = "Northwind Retail Ltd";
            builder.Configuration["BreachDesk:Dpo:Name"] = "Alex Morgan";
            builder.Configuration["BreachDesk:Dpo:Email"] = "dpo@northwind.example";
            builder.Configuration["BreachDesk:Dpo:Phone"] = "020 7946 0000";
            builder.Configuration["BreachDesk:Dpo:Address"] = "1 Example Street, London EC1A 1AA";
            configure?.Invoke(builder);
        });

    public async Task DisposeAsync() => await Service.DisposeAsync();
}

[CollectionDefinition("drafting")]
public sealed class DraftingCollection : ICollectionFixture<DraftingFixture>;
