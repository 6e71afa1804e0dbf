using BreachDesk.Infrastructure.Database;
using Marten;
using Npgsql;

namespace BreachDesk.Evidence;

/// <summary><c>BreachDesk:Evidence</c>: how large one file may be.</summary>
public sealed class EvidenceOptions
{
    /// <summary>25 MiB: a screenshot, a log extract, a letter; disk images belong in a forensic store, referenced by a note.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;
}

public static class EvidenceConfiguration
{
    public static void AddEvidence(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<EvidenceOptions>(builder.Configuration.GetSection("BreachDesk:Evidence"));
        builder.Services.AddSingleton(services => new EvidenceFiles(services.GetRequiredService<NpgsqlDataSource>(), MartenConfiguration.Schema));
        builder.Services.ConfigureMarten(options =>
        {
            foreach (var table in EvidenceFiles.SchemaObjects(MartenConfiguration.Schema))
                options.Storage.ExtendedSchemaObjects.Add(table);
        });
    }
}
