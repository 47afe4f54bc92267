using System.Globalization;

namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// The content of a base row as a pure function of (seed, base-row index): every row gets its own
/// xoshiro stream, so rows can be produced in any order, on any thread, and a duplicate is just
/// the same base row produced again.
/// </summary>
internal sealed class RowModel(ulong seed)
{
    public const double LabelRate = 0.05;

    private static readonly string[] Cat2Values = Enumerable.Range(0, 50).Select(i => string.Create(CultureInfo.InvariantCulture, $"zone_{i:D2}")).ToArray();
    // Mildly skewed: weight 60 - i, so zone_00 is 60/11 times as common as zone_49.
    private static readonly int[] Cat2Weights = Enumerable.Range(0, 50).Select(i => 60 - i).ToArray();
    private static readonly int Cat2Total = Cat2Weights.Sum();
    private static readonly int Cat1Total = Vocabulary.Cat1Weights.Sum();

    private readonly ulong _rowSeedBase = SplitMix64.Mix(seed ^ 0x20B5_0000_0000_0000UL);
    private readonly TextModel _text = new(seed);

    public void Fill(RowBuffers rows, int index, long baseRow, TextModel.Scratch scratch)
    {
        var rng = new Xoshiro256(SplitMix64.Mix(_rowSeedBase ^ (ulong)baseRow));
        var floats = rows.Floats;
        floats[0][index] = NullOr(ref rng, Distributions.Normal);
        floats[1][index] = NullOr(ref rng, Distributions.LogNormal);
        floats[2][index] = NullOr(ref rng, Distributions.Uniform);
        floats[3][index] = NullOr(ref rng, Distributions.Exponential);
        floats[4][index] = NullOr(ref rng, Distributions.Bimodal);
        floats[5][index] = NullOr(ref rng, Distributions.Pareto);
        rows.Cat1[index] = rng.Chance(Distributions.NullRate) ? null : Vocabulary.Cat1[Distributions.Weighted(ref rng, Vocabulary.Cat1Weights, Cat1Total)];
        rows.Cat2[index] = rng.Chance(Distributions.NullRate) ? null : Cat2Values[Distributions.Weighted(ref rng, Cat2Weights, Cat2Total)];
        rows.Txt[index] = _text.Build(baseRow, ref rng, scratch);
        rows.Label[index] = rng.Chance(LabelRate) ? 1 : 0;
    }

    private delegate double Sample(ref Xoshiro256 rng);

    private static double? NullOr(ref Xoshiro256 rng, Sample sample) =>
        rng.Chance(Distributions.NullRate) ? null : sample(ref rng);
}
