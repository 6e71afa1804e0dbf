namespace BreachDesk.Infrastructure.Auth;

/// <summary>The roles of API.md, and the role lists each route allows (for [Authorize(Roles = ...)]).</summary>
public static class Roles
{
    public const string Reporter = "reporter";
    public const string Dpo = "dpo";
    public const string OnCall = "oncall";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly string[] All = [Reporter, Dpo, OnCall, Auditor, Admin];

    public const string AnyRole = "reporter,dpo,oncall,auditor,admin";
    public const string Reporting = "reporter,dpo,admin";
    public const string ReporterOrDpo = "reporter,dpo";
    public const string ReporterDpoOrOnCall = "reporter,dpo,oncall";
    public const string DpoOnly = "dpo";
    public const string DpoOrOnCall = "oncall,dpo";
    public const string RegisterReaders = "dpo,auditor,admin";
    public const string AuditReaders = "auditor,dpo,admin";
    public const string EvidenceReaders = "reporter,dpo,auditor,admin";
}
