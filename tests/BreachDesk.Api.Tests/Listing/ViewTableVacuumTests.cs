using BreachDesk.Infrastructure.Database;
using BreachDesk.Listing;
using BreachDesk.Tests.Support;
using JasperFx;
using Npgsql;

namespace BreachDesk.Tests.Listing;

/// <summary>
/// Deep pages are index-only walks only over pages a vacuum has marked all-visible, so the incident view's table is
/// vacuumed after a fixed number of rows, not a fifth of the table (decision 0032). A database the previous version
/// made has no such setting: db-apply, the upgrade step, must add it. A database of its own: its schema is changed.
/// </summary>
public class ViewTableVacuumTests
{
    private static readonly string[] Expected =
    [
        $"autovacuum_vacuum_insert_threshold={ListingConfiguration.VacuumAfterRows}", "autovacuum_vacuum_insert_scale_factor=0",
        $"autovacuum_vacuum_threshold={ListingConfiguration.VacuumAfterRows}", "autovacuum_vacuum_scale_factor=0",
    ];

    [Fact]
    public async Task Db_apply_sets_the_view_tables_vacuum_thresholds_on_a_database_the_previous_version_made()
    {
        var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, await RunningService.Build(database).RunJasperFxCommands(["db-apply"]));
        Assert.Equal(Expected.Order(), (await StorageParameters(database)).Order());

        // The previous version declared none.
        await TestDatabase.Execute(database, $"ALTER TABLE {MartenConfiguration.Schema}.mt_doc_incidentview RESET " +
            "(autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor)");
        Assert.Empty(await StorageParameters(database));

        Assert.Equal(0, await RunningService.Build(database).RunJasperFxCommands(["db-apply"]));
        Assert.Equal(Expected.Order(), (await StorageParameters(database)).Order());
    }

    private static async Task<string[]> StorageParameters(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce(reloptions, '{{}}') FROM pg_class WHERE oid = '{MartenConfiguration.Schema}.mt_doc_incidentview'::regclass", connection);
        return (string[])(await command.ExecuteScalarAsync())!;
    }
}
