namespace BreachDesk.Tests.Support;

/// <summary>One database and one running service shared by the tests of the "service" collection.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public RunningService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync();
        Service = await RunningService.StartAsync(ConnectionString);
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();
}

[CollectionDefinition("service")]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>;
