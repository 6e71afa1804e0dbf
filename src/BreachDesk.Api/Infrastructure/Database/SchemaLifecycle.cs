using JasperFx;
using Marten;
using Wolverine;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// Who changes the database schema. In Development (and in tests, which opt in through configuration) the service
/// creates and updates its tables at start. Everywhere else it changes nothing: an operator applies changes with
/// the command line (<c>db-apply</c>, or <c>db-patch</c> to review the SQL first), and the service verifies at
/// start that the schema matches and refuses to run when it does not (<see cref="SchemaCheckOnStart"/>).
/// </summary>
public static class SchemaLifecycle
{
    public const string ApplyChangesOnStartKey = "BreachDesk:Database:ApplyChangesOnStart";

    /// <summary>The command that brings the schema up to date, as an operator types it.</summary>
    public const string ApplyCommand = "dotnet BreachDesk.Api.dll db-apply";

    public static void AddDatabaseLifecycle(this WebApplicationBuilder builder)
    {
        // Decided when the services are built, not now: a test may still change the environment or the setting.
        builder.Services.AddSingleton<SchemaPolicy>();
        builder.Services.ConfigureMarten((services, options) =>
            options.AutoCreateSchemaObjects = services.GetRequiredService<SchemaPolicy>().ApplyChangesOnStart
                ? AutoCreate.CreateOrUpdate
                : AutoCreate.None);
        builder.Services.AddSingleton<IWolverineExtension, WolverineSchemaPolicy>();
        // First of all hosted services, so that it runs before Wolverine starts its agents on the tables.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaCheckOnStart>());
        // Next, on the checked schema and still before Wolverine: whether this database may send alerts.
        builder.Services.Insert(1, ServiceDescriptor.Singleton<IHostedService, DatabaseIdentityOnStart>());
    }

    /// <summary>An explicit setting wins; otherwise only Development changes the schema by itself.</summary>
    public sealed class SchemaPolicy(IConfiguration configuration, IHostEnvironment environment)
    {
        public bool ApplyChangesOnStart { get; } =
            configuration.GetValue<bool?>(ApplyChangesOnStartKey) ?? environment.IsDevelopment();
    }

    /// <summary>Registered through DI (it needs the policy), not discovered.</summary>
    public sealed class WolverineSchemaPolicy(SchemaPolicy policy) : IWolverineExtension
    {
        public void Configure(WolverineOptions options)
        {
            options.AutoBuildMessageStorageOnStartup = policy.ApplyChangesOnStart ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            // Which handler code runs is decided by the environment alone: CommandLine/PreGeneratedCode.cs.
        }
    }
}
