using Apache.Arrow;
using Apache.Arrow.Memory;
using Apache.Arrow.Types;

namespace DataPrep.Tests.Support;

/// <summary>
/// A small deterministic table for step and engine tests: id, name, age (with nulls and
/// out-of-range values), score (with a NaN), city (with duplicates of whole rows but id).
/// </summary>
internal static class PeopleData
{
    public static readonly Schema Schema = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("name", StringType.Default, true),
        new Field("age", Int64Type.Default, true),
        new Field("score", DoubleType.Default, true),
        new Field("city", StringType.Default, true),
    ], null);

    private static readonly string[] Cities = ["Oslo", "Lima", "Pune", "Kobe", "Nice"];

    /// <summary>Row i of the table; every 7th row repeats row i-3 on all columns but id.</summary>
    public static (long Id, string? Name, long? Age, double? Score, string? City) Row(int i)
    {
        var j = i % 7 == 6 ? i - 3 : i;
        long? age = j % 11 == 5 ? null : j % 13 == 4 ? 150 : 18 + j % 60;
        double? score = j % 17 == 3 ? null : j % 19 == 7 ? double.NaN : Math.Round(j * 1.37 % 100, 2);
        var name = j % 23 == 9 ? null : $"person {j}";
        return (i, name, age, score, Cities[j % Cities.Length]);
    }

    /// <summary>Rows [0, count) cut into batches of <paramref name="batchSize"/>.</summary>
    public static IReadOnlyList<RecordBatch> Batches(int count, int batchSize, MemoryAllocator? allocator = null)
    {
        var batches = new List<RecordBatch>();
        for (var start = 0; start < count; start += batchSize)
            batches.Add(Batch(start, Math.Min(batchSize, count - start), allocator));
        return batches;
    }

    public static RecordBatch Batch(int start, int length, MemoryAllocator? allocator = null)
    {
        var id = new Int64Array.Builder();
        var name = new StringArray.Builder();
        var age = new Int64Array.Builder();
        var score = new DoubleArray.Builder();
        var city = new StringArray.Builder();
        for (var i = start; i < start + length; i++)
        {
            var r = Row(i);
            id.Append(r.Id);
            if (r.Name is null) name.AppendNull(); else name.Append(r.Name);
            if (r.Age is null) age.AppendNull(); else age.Append(r.Age.Value);
            if (r.Score is null) score.AppendNull(); else score.Append(r.Score.Value);
            if (r.City is null) city.AppendNull(); else city.Append(r.City);
        }
        return new RecordBatch(Schema, [id.Build(allocator), name.Build(allocator), age.Build(allocator), score.Build(allocator), city.Build(allocator)], length);
    }
}
