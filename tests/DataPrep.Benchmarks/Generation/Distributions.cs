namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// The six float shapes. Transcendentals come from the platform's libm, so the file is
/// byte-identical for a seed on one OS and runtime; across platforms a last-bit difference in
/// <see cref="Math.Log(double)"/> or <see cref="Math.Cos"/> is possible.
/// </summary>
internal static class Distributions
{
    public const double NullRate = 0.05;

    /// <summary>Standard normal by Box-Muller (one of the pair is discarded: simpler, and cheap enough).</summary>
    public static double Normal(ref Xoshiro256 rng) =>
        Math.Sqrt(-2.0 * Math.Log(rng.NextDoubleOpenZero())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());

    public static double LogNormal(ref Xoshiro256 rng) => Math.Exp(0.5 + 0.75 * Normal(ref rng));

    public static double Uniform(ref Xoshiro256 rng) => -100.0 + 200.0 * rng.NextDouble();

    /// <summary>Exponential with mean 10.</summary>
    public static double Exponential(ref Xoshiro256 rng) => -10.0 * Math.Log(rng.NextDoubleOpenZero());

    /// <summary>60 % N(-2, 0.5), 40 % N(3, 1).</summary>
    public static double Bimodal(ref Xoshiro256 rng) =>
        rng.Chance(0.6) ? -2.0 + 0.5 * Normal(ref rng) : 3.0 + Normal(ref rng);

    /// <summary>Pareto with x_m = 1 and alpha = 1.5: finite mean, infinite variance.</summary>
    public static double Pareto(ref Xoshiro256 rng) => Math.Pow(rng.NextDoubleOpenZero(), -1.0 / 1.5);

    /// <summary>Index drawn with the given integer weights.</summary>
    public static int Weighted(ref Xoshiro256 rng, int[] weights, int total)
    {
        var x = rng.NextInt(total);
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Length - 1;
    }
}
