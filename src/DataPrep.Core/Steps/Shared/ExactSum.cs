using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DataPrep.Steps.Shared;

/// <summary>
/// An exact sum of doubles (a "superaccumulator"): every double is a 53-bit integer times a power
/// of two, so the sum is kept as a fixed-point integer of 2,240 bits in 32-bit chunks, with carries
/// deferred. Adding and merging are exact, hence associative: the result does not depend on how
/// rows were cut into batches or in which order batches merged, which keeps fitted statistics (and
/// so outputs) byte-identical at any batch size and parallelism.
/// </summary>
internal sealed class ExactSum
{
    // Chunk i has weight 2^(32 i - Bias); the smallest subnormal, 2^-1074, lands at bit 14.
    private const int Bias = 1088;
    private const int LimbCount = 70;
    private const int AddsBeforeCarry = 1 << 30;

    /// <summary>The most adds one <see cref="Reserve"/> may make room for.</summary>
    public const int MaxReserve = AddsBeforeCarry / 2;

    private readonly long[] _limbs = new long[LimbCount];
    private int _adds;

    /// <summary>Adds a finite double exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double x)
    {
        AddTo(ref MemoryMarshal.GetArrayDataReference(_limbs), x);
        if (++_adds >= AddsBeforeCarry) Carry();
    }

    /// <summary>
    /// Makes room for <paramref name="adds"/> calls of <see cref="AddTo"/> (carrying first if they
    /// could overflow a chunk) and returns the chunks to pass them. A loop over a column then keeps the
    /// count of adds out of the loop: incrementing it a value was a chain of stores the loop waited on.
    /// </summary>
    public ref long Reserve(int adds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(adds, MaxReserve);
        ArgumentOutOfRangeException.ThrowIfNegative(adds);
        if (_adds + adds >= AddsBeforeCarry) Carry(); // leaves room for an Add after the reserved adds: at most AddsBeforeCarry between carries
        _adds += adds;
        return ref MemoryMarshal.GetArrayDataReference(_limbs);
    }

    /// <summary>Adds a finite double exactly to the chunks <see cref="Reserve"/> returned (within the adds it made room for).</summary>
    /// <remarks>
    /// Inlined into the statistics' per-value loops: called once a value (three times for moments), a
    /// call of its own spent seconds of a 10M-row fit in the runtime's unoptimized tiers before tier 1
    /// replaced it. Plain 64-bit arithmetic, for the same reason (UInt128's operators are calls there).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(ref long limbs, double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = (ulong)bits & 0xF_FFFF_FFFF_FFFFUL;
        if (exponent == 0)
        {
            if (mantissa == 0) return;
            exponent = 1; // subnormal: same scale as the smallest normal, no hidden bit
        }
        else
        {
            mantissa |= 1UL << 52;
        }
        // x = mantissa * 2^(exponent - 1075); its lowest bit sits at bit (exponent - 1075 + Bias),
        // which is 14 to 2,060: chunks limb to limb + 2 all lie within the 70.
        var position = exponent - 1075 + Bias;
        int limb = position >> 5, shift = position & 31;
        var low = mantissa << shift;                       // the shifted 85-bit value's bits 0-63
        var high = (long)((mantissa >> 1) >> (63 - shift)); // and 64-84 (0 when shift is 0)
        var sign = bits >> 63;                             // 0, or -1 to negate
        ref var chunk = ref Unsafe.Add(ref limbs, limb);
        chunk += ((long)(uint)low ^ sign) - sign;
        Unsafe.Add(ref chunk, 1) += ((long)(low >> 32) ^ sign) - sign;
        Unsafe.Add(ref chunk, 2) += (high ^ sign) - sign;
    }

    /// <summary>Adds a finite double <paramref name="times"/> times, exactly (by doubling: about 63 merges, not <paramref name="times"/> adds).</summary>
    public void AddRepeated(double x, long times)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        if (times == 0) return;
        var term = new ExactSum();
        term.Add(x);
        for (; times > 0; times >>= 1)
        {
            if ((times & 1) != 0) Merge(term);
            if (times > 1) term.Merge(term);
        }
    }

    public void Merge(ExactSum other)
    {
        Carry();
        for (var i = 0; i < LimbCount; i++) _limbs[i] += other._limbs[i];
        Carry();
    }

    /// <summary>The sum as an integer <c>N</c>, the value being <c>N * 2^-Scale</c>.</summary>
    public BigInteger ToInteger()
    {
        var result = BigInteger.Zero;
        for (var i = LimbCount - 1; i >= 0; i--) result = (result << 32) + _limbs[i];
        return result;
    }

    /// <summary>The power of two that <see cref="ToInteger"/> is scaled by.</summary>
    public const int Scale = Bias;

    private void Carry()
    {
        for (var i = 0; i < LimbCount - 1; i++)
        {
            var carry = _limbs[i] >> 32; // arithmetic: keeps the sign
            _limbs[i] -= carry << 32;
            _limbs[i + 1] += carry;
        }
        _adds = 0;
    }

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> as a double, to within one ulp, deterministically.</summary>
    public static double Ratio(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.IsZero) return 0;
        var negative = numerator.Sign < 0 != denominator.Sign < 0;
        numerator = BigInteger.Abs(numerator);
        denominator = BigInteger.Abs(denominator);
        // Scale so the integer quotient carries 64 significant bits.
        var k = (int)(denominator.GetBitLength() - numerator.GetBitLength()) + 64;
        var q = k >= 0 ? (numerator << k) / denominator : numerator / (denominator << -k);
        var value = Math.ScaleB((double)q, -k);
        return negative ? -value : value;
    }
}
