namespace DataPrep.Benchmarks.Generation;

/// <summary>One row group's columns, reused from group to group.</summary>
internal sealed class RowBuffers(int capacity)
{
    public const int FloatColumns = 6;

    public int Count { get; set; }
    public long[] Id { get; } = new long[capacity];
    public double?[][] Floats { get; } = Enumerable.Range(0, FloatColumns).Select(_ => new double?[capacity]).ToArray();
    public string?[] Cat1 { get; } = new string?[capacity];
    public string?[] Cat2 { get; } = new string?[capacity];
    public string[] Txt { get; } = new string[capacity];
    public int[] Label { get; } = new int[capacity];
}
