using System.Numerics;
using DataPrep.Data;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// Laplace noise by Mironov's snapping mechanism (CCS 2012, "On significance of the least significant
/// bits for differential privacy"). Textbook <c>x + b·ln(U)</c> in floating point leaks the input
/// through which doubles can come out; snapping clamps the input to [-B, B] around the centre of the
/// clip range, adds <c>S·b·ln(U)</c> with U drawn over every double in (0, 1) (not 53-bit multiples),
/// rounds to the nearest multiple of Λ (the smallest power of two ≥ b) and clamps again. Mironov's
/// Theorem 1: (1/λ + 2^-49·B/λ)-DP with λ = b/Δ for Δ-sensitive data, for λ &lt; B &lt; 2^46·λ.
/// Every draw comes from <see cref="StableRandom"/>, so noise is a pure function of (seed, step, column, row).
/// </summary>
internal sealed class SnappingLaplace
{
    private readonly double _centre;
    private readonly double _bound;
    private readonly double _scale;
    private readonly double _lambda;

    public SnappingLaplace(double epsilon, double min, double max)
    {
        _centre = min / 2 + max / 2;
        _bound = max / 2 - min / 2;
        // Sensitivity of one value clamped to [min, max] is their distance.
        _scale = (max - min) / epsilon;
        _lambda = PowerOfTwoAtLeast(_scale);
    }

    /// <summary>The Laplace scale b = (max - min) / epsilon.</summary>
    public double Scale => _scale;

    /// <summary>The snapping grid Λ: outputs are <c>centre + k·Λ</c>, clamped to the clip range.</summary>
    public double Grid => _lambda;

    public double Noisy(double value, ref StableRandom random)
    {
        var x = Math.Clamp(value - _centre, -_bound, _bound);
        var sign = (random.NextUInt64() & 1) == 0 ? 1.0 : -1.0;
        var y = x + sign * _scale * Math.Log(UniformOpen(ref random));
        // y/Λ and k·Λ are exact: Λ is a power of two.
        var snapped = Math.Round(y / _lambda, MidpointRounding.ToEven) * _lambda;
        return _centre + Math.Clamp(snapped, -_bound, _bound);
    }

    /// <summary>
    /// Uniform on (0, 1) over all doubles with the right probabilities: the exponent is geometric (one
    /// coin per binade) and the 52 mantissa bits uniform, as the snapping proof requires.
    /// </summary>
    internal static double UniformOpen(ref StableRandom random)
    {
        var exponent = -1;
        ulong bits;
        // Each leading zero bit halves the binade; 1074 zeros in a row would be a subnormal, never reached in practice.
        while ((bits = random.NextUInt64()) == 0 && exponent > -1020) exponent -= 64;
        exponent -= BitOperations.LeadingZeroCount(bits);
        var mantissa = random.NextUInt64() >> 12;
        // A uniform mantissa in the binade [2^e, 2^(e+1)); e = -1 is [0.5, 1), reached with probability 1/2.
        var u = Math.ScaleB(1.0 + mantissa / 4503599627370496.0, exponent);
        return u == 0 ? double.Epsilon : u;
    }

    private static double PowerOfTwoAtLeast(double v)
    {
        var p = Math.ScaleB(1.0, Math.ILogB(v));
        return p < v ? p * 2 : p;
    }
}
