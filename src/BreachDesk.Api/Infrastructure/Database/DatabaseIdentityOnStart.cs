namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// At start, after the schema check: a database never declared live is declared live now (its first start); one that
/// is a copy of the live database is said so, loudly, once. The service still starts and is ready (a restore drill
/// must be able to use it), it only sends no alert (<see cref="DatabaseIdentity"/>).
/// </summary>
internal sealed class DatabaseIdentityOnStart(DatabaseIdentity identity, TimeProvider clock, ILogger<DatabaseIdentityOnStart> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        await identity.ClaimIfNewAsync(clock.GetUtcNow(), cancellation);
        var status = await identity.ReadAsync(cancellation);
        if (status.Held) logger.LogWarning("{AlertDelivery}", status.Describe());
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
