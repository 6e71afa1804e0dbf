using Marten;
using Microsoft.Extensions.Options;

namespace BreachDesk.Drafting;

/// <summary>Registers the drafts: options, templates (checked at start), rendering on read and the store of versions.</summary>
public static class DraftingConfiguration
{
    public static void AddDrafting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DraftingOptions>(builder.Configuration.GetSection("BreachDesk:Drafts"));
        builder.Services.Configure<DpoContactOptions>(builder.Configuration.GetSection("BreachDesk:Dpo"));
        builder.Services.Configure<OrganisationOptions>(builder.Configuration.GetSection("BreachDesk:Organisation"));

        builder.Services.AddSingleton(services => DraftTemplates.Load(
            DraftTemplates.ShippedFolder, services.GetRequiredService<IOptions<DraftingOptions>>().Value.TemplateFolder));
        builder.Services.AddSingleton<DraftRenderCache>();
        builder.Services.AddSingleton<CurrentDrafts>();
        // Resolving the templates in a hosted service parses them before the service starts listening.
        builder.Services.AddHostedService<DraftTemplatesCheck>();

        builder.Services.ConfigureMarten(options =>
            options.Schema.For<DraftDocument>().Index(d => d.IncidentId));
    }
}

internal sealed class DraftTemplatesCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<DraftTemplates>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
