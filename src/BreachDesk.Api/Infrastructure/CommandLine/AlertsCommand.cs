using BreachDesk.Infrastructure.Database;
using JasperFx.CommandLine;
using Npgsql;

namespace BreachDesk.Infrastructure.CommandLine;

public sealed class AlertsInput : NetCoreInput
{
    [Description("status: are alerts sent from this database; hold: send none from it; resume: it is the live database, send them")]
    public string Action { get; set; } = "status";
}

/// <summary>
/// <c>alerts status|hold|resume</c>: whether the database in the connection string sends escalation alerts. A restored
/// copy holds them by itself (<see cref="DatabaseIdentity"/>); <c>resume</c> is how an operator says it is live.
/// Needs no running instance: a held alert looks again every few seconds and goes out once the database is live.
/// </summary>
[Description("Whether this database sends escalation alerts: status, hold, resume (after a restore)", Name = "alerts")]
public sealed class AlertsCommand : JasperFxAsyncCommand<AlertsInput>
{
    public override async Task<bool> Execute(AlertsInput input)
    {
        var action = input.Action.ToLowerInvariant();
        if (action is not ("status" or "hold" or "resume"))
        {
            await Console.Error.WriteLineAsync($"alerts: '{input.Action}' is not an action; use status, hold or resume.");
            return false;
        }

        using var host = input.BuildHost();
        var identity = host.Services.GetRequiredService<DatabaseIdentity>();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        try
        {
            if (action == "resume") await identity.DeclareLiveAsync(now, timeout.Token);
            if (action == "hold") await identity.HoldAsync(now, timeout.Token);
            Console.WriteLine((await identity.ReadAsync(timeout.Token)).Describe());
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"alerts: {CommandFailure.OneLine(e)}");
            return false;
        }
    }
}
