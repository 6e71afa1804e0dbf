namespace BreachDesk.Validation;

/// <summary>Lengths that keep one record readable and one request small.</summary>
public static class Limits
{
    public const int ShortText = 200;
    public const int LongText = 20_000;
}
