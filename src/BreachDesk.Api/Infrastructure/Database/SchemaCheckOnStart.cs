using Marten;
using Wolverine.Persistence.Durability;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// At start, before anything touches the database: applies the schema (where <see cref="SchemaLifecycle.SchemaPolicy"/>
/// allows it) or verifies it, and refuses to start, naming the command to run, when it is missing or out of date.
/// The JasperFx commands (db-apply, db-assert, db-patch) build the host without starting it, so this never gets in their way.
/// </summary>
internal sealed class SchemaCheckOnStart(
    SchemaLifecycle.SchemaPolicy policy, IDocumentStore store, IMessageStore messageStore, ILogger<SchemaCheckOnStart> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        if (policy.ApplyChangesOnStart)
        {
            // Wolverine builds its own tables as it starts (AutoBuildMessageStorageOnStartup).
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            return;
        }

        try
        {
            await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Refuse("the event store and documents (schema '" + MartenConfiguration.Schema + "')", e);
        }

        try
        {
            await messageStore.Admin.AssertStorageExistsAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Refuse("Wolverine's message storage (inbox, outbox, scheduled messages, dead letters)", e);
        }

        logger.LogInformation("The database schema matches this version of BreachDesk.");
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>
    /// The refusal names the command to run and nothing more: the differences are often hundreds of lines of DDL that
    /// would bury it (they are logged at Debug; 'db-assert' lists them, 'db-patch' writes them as SQL).
    /// </summary>
    private InvalidOperationException Refuse(string what, Exception cause)
    {
        var message =
            $"BreachDesk will not start: the database schema for {what} is missing or out of date. " +
            $"This service changes the schema only in Development. Apply the changes with '{SchemaLifecycle.ApplyCommand}' " +
            "(same configuration and connection string as the service), or write the SQL for review with " +
            "'dotnet BreachDesk.Api.dll db-patch <file.sql>' ('db-assert' lists the differences), then start the service again.";
        logger.LogDebug(cause, "The schema differences");
        logger.LogCritical("{Refusal}", message);
        return new InvalidOperationException(message);
    }
}
