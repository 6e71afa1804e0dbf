using BreachDesk.Infrastructure.Database;
using Marten;

namespace BreachDesk.Auditing;

public static class Configuration
{
    /// <summary>The hash chain's table and trigger join Marten's schema (created and checked with it); the audit reader.</summary>
    public static void AddAuditTrail(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
            options.Storage.Add(new EventHashChain.Storage(options, MartenConfiguration.Schema)));
        builder.Services.AddSingleton<AuditTrail>();
    }
}
