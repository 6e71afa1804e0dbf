using Npgsql;
using Weasel.Postgresql.Tables;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// Which database is the live one. The database records the identity of the PostgreSQL cluster and database it was
/// declared live in (the cluster's <c>system_identifier</c> from <c>pg_control_system()</c>, the database's oid and
/// name). A restored or copied database (pg_dump/pg_restore, <c>CREATE DATABASE … TEMPLATE</c>) carries the recorded
/// row but runs under another identity: it holds its alerts, so a restore drill never pages the DPO or on-call for
/// breaches the live system is already handling, until an operator declares it live (<c>alerts resume</c>).
/// </summary>
public sealed class DatabaseIdentity(NpgsqlDataSource dataSource, string schema)
{
    public const string TableName = "database_identity";

    /// <summary>The command an operator runs to let a held database send its alerts.</summary>
    public const string ResumeCommand = "dotnet BreachDesk.Api.dll alerts resume";

    /// <summary>One row (id 1), created with the rest of the schema by Marten.</summary>
    public static Table SchemaObject(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<int>("id").AsPrimaryKey();
        table.AddColumn<string>("system_identifier").NotNull();
        table.AddColumn<long>("database_oid").NotNull();
        table.AddColumn<string>("database_name").NotNull();
        // False after 'alerts hold': a copy that keeps its cluster's identity (a physical backup) can be held by hand.
        table.AddColumn<bool>("live").NotNull();
        table.AddColumn<DateTimeOffset>("recorded_at").NotNull();
        return table;
    }

    public sealed record Identity(string SystemIdentifier, long DatabaseOid, string DatabaseName)
    {
        public override string ToString() => $"database '{DatabaseName}' (oid {DatabaseOid}) of cluster {SystemIdentifier}";
    }

    /// <summary>What the database says about itself now: held (and why) or live.</summary>
    public sealed record Status(bool Held, Identity Current, Identity? Recorded, bool MarkedLive, DateTimeOffset? RecordedAt)
    {
        public string Describe() => !Held
            ? $"Alerts are sent: this is the live database ({Current})."
            : !MarkedLive
                ? $"Alerts are held: an operator held them on {Current} ('alerts hold'). Run '{ResumeCommand}' when it is the live database."
                : $"Alerts are held: this {Current} is a copy of {Recorded}, declared live {RecordedAt:u}. " +
                  $"No alert is sent from it until an operator runs '{ResumeCommand}' against it.";
    }

    private const string CurrentIdentitySql =
        "SELECT s.system_identifier::text, d.oid::bigint, d.datname FROM pg_control_system() s, pg_database d WHERE d.datname = current_database()";

    public async Task<Status> ReadAsync(CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            $"""
             SELECT c.*, r.system_identifier, r.database_oid, r.database_name, r.live, r.recorded_at
             FROM ({CurrentIdentitySql}) c LEFT JOIN {schema}.{TableName} r ON r.id = 1
             """);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var current = new Identity(reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
        // Never declared: a new database is the live one (the service's first start records it).
        if (await reader.IsDBNullAsync(3, cancellation)) return new Status(false, current, null, true, null);

        var recorded = new Identity(reader.GetString(3), reader.GetInt64(4), reader.GetString(5));
        var live = reader.GetBoolean(6);
        var recordedAt = reader.GetFieldValue<DateTimeOffset>(7);
        var same = recorded.SystemIdentifier == current.SystemIdentifier && recorded.DatabaseOid == current.DatabaseOid;
        return new Status(!(live && same), current, recorded, live, recordedAt);
    }

    /// <summary>The first start on a database declares it live; a database already declared keeps its record.</summary>
    public Task ClaimIfNewAsync(DateTimeOffset now, CancellationToken cancellation) => RecordAsync(now, live: true, overwrite: false, cancellation);

    /// <summary><c>alerts resume</c>: this database, as it is now, is the live one.</summary>
    public Task DeclareLiveAsync(DateTimeOffset now, CancellationToken cancellation) => RecordAsync(now, live: true, overwrite: true, cancellation);

    /// <summary><c>alerts hold</c>: send nothing from this database until <c>alerts resume</c>.</summary>
    public Task HoldAsync(DateTimeOffset now, CancellationToken cancellation) => RecordAsync(now, live: false, overwrite: true, cancellation);

    private async Task RecordAsync(DateTimeOffset now, bool live, bool overwrite, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            $"""
             INSERT INTO {schema}.{TableName} (id, system_identifier, database_oid, database_name, live, recorded_at)
             SELECT 1, c.*, $1, $2 FROM ({CurrentIdentitySql}) c
             ON CONFLICT (id) DO {(overwrite
                 ? "UPDATE SET system_identifier = excluded.system_identifier, database_oid = excluded.database_oid, " +
                   "database_name = excluded.database_name, live = excluded.live, recorded_at = excluded.recorded_at"
                 : "NOTHING")}
             """);
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = live });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
