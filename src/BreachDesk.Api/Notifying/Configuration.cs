using Marten;

namespace BreachDesk.Notifying;

/// <summary>Registers what notifying keeps beside the events: the claims of keyed DPO-notice sends.</summary>
public static class NotifyingConfiguration
{
    public static void AddNotifying(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options => options.Schema.For<DpoNoticeSending>());
}
