using System.Numerics;
using BreachDesk.Assessing;

namespace BreachDesk.Insights;

/// <summary>A breach's data categories as one integer of bits, so that they are one narrow column, each counted once.</summary>
public readonly record struct DataCategorySet(int Bits)
{
    public static DataCategorySet Of(IEnumerable<DataCategory> categories) =>
        new(categories.Aggregate(0, (bits, category) => bits | 1 << (int)category));

    public bool Contains(DataCategory category) => (Bits & 1 << (int)category) != 0;

    public int Count => BitOperations.PopCount((uint)Bits);
}
