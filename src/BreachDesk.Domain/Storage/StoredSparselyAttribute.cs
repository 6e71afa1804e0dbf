namespace BreachDesk.Storage;

/// <summary>
/// Marks state that is stored as a document and rebuilt from events (a view, a snapshot, a clock row): its stored JSON
/// leaves out what is null or an empty collection, read back as null or empty, and writes its deadline policy as one
/// short string. Every byte of such a row is written to the WAL on each report or command (decision 0030). Never put
/// on an event: the events are the audit trail and keep every field as recorded.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StoredSparselyAttribute : Attribute;
