using System.Text.RegularExpressions;
using BreachDesk.Validation;
using Npgsql;

namespace BreachDesk.Searching;

/// <summary>
/// What the list was asked to find besides a status: <c>q</c> (words, full-text), <c>reference</c> (exact) and
/// <c>owner</c> (exact). Each given term narrows the list; none given is the plain list. The terms become SQL
/// conditions that the indexes of <see cref="SearchingConfiguration"/> and the stored words answer.
/// </summary>
public sealed partial record IncidentSearch(string? Words, string? Reference, string? Owner)
{
    /// <summary>Long enough for a sentence pasted from a ticket; longer is not a search but a mistake.</summary>
    public const int MaxWordsLength = 200;

    /// <summary>
    /// The text search configuration, of the stored words and of the query (the two must be the same). English stems
    /// words, so "laptop" finds "laptops"; the parser keeps a reference (BD-2026-0002) or a system name (hr-db-01) as
    /// its parts in order, and <c>websearch_to_tsquery</c> asks for them as a phrase, so they match exactly.
    /// </summary>
    public const string TextSearchConfig = "english";

    /// <summary>
    /// The text that is parsed into the stored words (<see cref="IncidentSearchWords"/>) of the view row
    /// <paramref name="row"/>: its reference, title, description, systems and notes, one per line (a view written before
    /// decision 0030 holds that text as <c>searchText</c>, read as it is).
    /// </summary>
    public static string SearchedText(string row) =>
        $"coalesce({row}.data ->> 'searchText', concat_ws(E'\\n', {row}.data ->> 'reference', {row}.data ->> 'title', " +
        $"{row}.data ->> 'description', (SELECT string_agg(s, E'\\n') FROM jsonb_array_elements_text({row}.data -> 'systems') s), " +
        $"{row}.data ->> 'notesText'))";

    /// <summary>An incident reference, any case (the document's pattern for <c>reference</c>, and the check).</summary>
    public const string ReferencePatternText = @"^[Bb][Dd]-\d{4}-\d{4,9}$";

    public static readonly IncidentSearch None = new(null, null, null);

    public bool IsEmpty => Words is null && Reference is null && Owner is null;

    /// <summary>Reads the terms from the query string; a term given but empty, too long or malformed is named in <paramref name="errors"/>.</summary>
    public static IncidentSearch Parse(ValidationErrors errors, IQueryCollection query)
    {
        string? Term(string name, int maxLength)
        {
            if (!query.TryGetValue(name, out var values)) return null;
            var value = values.ToString().Trim();
            if (value.Length == 0) errors.Add(name, $"'{name}' must not be empty; leave it out to list every incident.");
            else if (value.Length > maxLength) errors.Add(name, $"'{name}' must be at most {maxLength} characters.");
            else return value;
            return null;
        }

        var words = Term("q", MaxWordsLength);
        var reference = Term("reference", 40);
        if (reference is not null && !ReferencePattern().IsMatch(reference))
        {
            errors.Add("reference", "'reference' must be an incident reference such as BD-2026-0002.");
            reference = null;
        }
        var owner = Term("owner", Limits.ShortText);
        // References are stored in capitals; the lookup is case-insensitive by asking in capitals.
        return new IncidentSearch(words, reference?.ToUpperInvariant(), owner);
    }

    /// <summary>
    /// At most this many matches of a search are counted (<see cref="Listing.IncidentPage.TotalIsExact"/>): counting
    /// every one of 100,000 matches costs a test per match however it is done (150-1,000 ms measured), counting to
    /// 1,000 about a millisecond, and no one pages through a thousand results.
    /// </summary>
    public const int CountedMatches = 1000;

    /// <summary>
    /// Adds this search's conditions (ANDed) on the rows of <paramref name="table"/> and their parameters;
    /// <paramref name="parameters"/> numbers them. Words are tested against the stored vectors of
    /// <see cref="IncidentSearchWords"/> in <paramref name="schema"/>, one index lookup per row.
    /// </summary>
    public void AddConditions(List<string> conditions, List<NpgsqlParameter> parameters, string table, string schema)
    {
        string Next(string value)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
            return $"${parameters.Count}";
        }

        if (Words is not null)
            conditions.Add($"EXISTS (SELECT 1 FROM {schema}.{IncidentSearchWords.TableName} w WHERE w.id = {table}.id " +
                           $"AND w.words @@ websearch_to_tsquery('{TextSearchConfig}', {Next(Words)}))");
        if (Reference is not null) conditions.Add($"data ->> 'reference' = {Next(Reference)}");
        if (Owner is not null) conditions.Add($"data ->> 'owner' = {Next(Owner)}");
    }

    [GeneratedRegex(ReferencePatternText, RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
