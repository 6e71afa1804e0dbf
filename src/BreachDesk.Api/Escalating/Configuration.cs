using BreachDesk.Escalating.Alerts;
using BreachDesk.Infrastructure.Telemetry;
using JasperFx.CodeGeneration;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace BreachDesk.Escalating;

public static class Configuration
{
    public static void AddEscalation(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("BreachDesk:Escalation");
        builder.Services.Configure<EscalationOptions>(section);
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<EscalationOptions>>().Value.ToPolicy());
        builder.Services.AddHttpClient(AlertChannels.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));

        builder.Services.ConfigureMarten(marten =>
        {
            marten.Projections.Add<EscalationViewProjection>(ProjectionLifecycle.Inline);
            marten.Schema.For<EscalationView>().Index(x => x.IncidentId).Duplicate(x => x.RaisedAt);
        });

        builder.Services.ConfigureWolverine(wolverine =>
        {
            // Scheduled checkpoints are polled from PostgreSQL; every second keeps an at-due alert within seconds of due.
            wolverine.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
            // Read as Wolverine is built, after all configuration sources are in.
            wolverine.Policies.Add(new AlertRetries((section.Get<EscalationOptions>() ?? new EscalationOptions()).Retries()));
            // Two deliveries of one checkpoint race on the incident's stream version: the loser retries and finds it fired.
            wolverine.OnException(e => Infrastructure.Database.DatabaseErrors.IsConcurrencyConflict(e))
                .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
        });
    }

    /// <summary>Flaky receivers: retry each alert with back-off, then keep it in the dead-letter store.</summary>
    private sealed class AlertRetries(TimeSpan[] delays) : IHandlerPolicy
    {
        public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, JasperFx.IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.MessageType == typeof(DeliverAlert)))
                chain.OnAnyException().ScheduleRetry(delays).Then.MoveToErrorQueue().And((runtime, lifecycle, _) =>
                {
                    var alert = lifecycle.Envelope?.Message as DeliverAlert;
                    var targets = runtime.Services.GetRequiredService<IOptions<EscalationOptions>>().Value.Targets;
                    var channel = alert is not null && targets.TryGetValue(alert.Target, out var channels) && alert.ChannelIndex < channels.Count
                        ? channels[alert.ChannelIndex].Channel : "unknown";
                    runtime.Services.GetRequiredService<BreachDeskMetrics>().EscalationDeadLettered(channel);
                    return ValueTask.CompletedTask;
                }, "Count the dead-lettered alert");
        }
    }
}
