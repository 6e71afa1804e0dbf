using BreachDesk.Escalating.Alerts;
using BreachDesk.Escalating.Sweeping;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Telemetry;
using JasperFx.CodeGeneration;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime.Handlers;

namespace BreachDesk.Escalating;

public static class Configuration
{
    /// <summary>The local queue alerts are delivered from: durable, with retries and parallelism of its own.</summary>
    public const string AlertQueue = "alerts";

    public static void AddEscalation(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("BreachDesk:Escalation");
        builder.Services.Configure<EscalationOptions>(section);
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<EscalationOptions>>().Value.ToPolicy());
        builder.Services.AddSingleton<LiveDatabase>();
        builder.Services.AddHttpClient(AlertChannels.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));

        builder.Services.ConfigureMarten(marten =>
        {
            // The escalation log: a stream of its own per incident, folded live when the sweeper or an acknowledgement reads it.
            marten.Projections.Add<EscalationLogWriteModel>(ProjectionLifecycle.Live);
            marten.Projections.Add<EscalationViewProjection>(ProjectionLifecycle.Inline);
            marten.Schema.For<EscalationView>().Index(x => x.IncidentId).Duplicate(x => x.RaisedAt).Duplicate(x => x.Status);
            marten.Storage.ExtendedSchemaObjects.AddRange(EscalationTables.SchemaObjects(MartenConfiguration.Schema));
            marten.Storage.ExtendedSchemaObjects.Add(SweepNotices.SchemaObject(MartenConfiguration.Schema));
        });

        builder.Services.AddSingleton(services => new IncidentSweep(
            services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<OutboxedSessionFactory>(),
            services.GetRequiredService<EscalationPolicy>(), services.GetRequiredService<IOptions<EscalationOptions>>(),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<BreachDeskMetrics>(), MartenConfiguration.Schema));
        builder.Services.AddSingleton(services => new SweepAtReport(
            services.GetRequiredService<EscalationPolicy>(), services.GetRequiredService<IOptions<EscalationOptions>>(),
            services.GetRequiredService<BreachDeskMetrics>(), MartenConfiguration.Schema));
        // People's clock facts re-plan their incident in the command's own transaction (IncidentCommand); a rebuild,
        // which records no fact, re-plans nothing.
        builder.Services.AddSingleton(services => new SweepInCommand(
            services.GetRequiredService<EscalationPolicy>(), services.GetRequiredService<IOptions<EscalationOptions>>(),
            services.GetRequiredService<BreachDeskMetrics>(), MartenConfiguration.Schema));
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<EscalationSweeper>(services, MartenConfiguration.Schema));

        builder.Services.ConfigureWolverine(wolverine =>
        {
            // Read as Wolverine is built, after all configuration sources are in.
            var settings = section.Get<EscalationOptions>() ?? new EscalationOptions();
            wolverine.PublishMessage<DeliverAlert>().ToLocalQueue(AlertQueue);
            wolverine.LocalQueue(AlertQueue).UseDurableInbox().MaximumParallelMessages(Math.Max(1, settings.AlertParallelism));
            DurabilityPolling.Apply(wolverine.Durability, settings);
            wolverine.Policies.Add(new AlertRetries(settings.Retries()));
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
