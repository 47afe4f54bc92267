namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// A keyed bijection on [0, n): a balanced Feistel network on the smallest even bit width that
/// covers n, with cycle walking for values that land outside [0, n). Lets the generator shuffle
/// ten million rows (or scramble keys) without holding a permutation in memory.
/// </summary>
internal sealed class FeistelPermutation
{
    private const int Rounds = 4;
    private readonly long _n;
    private readonly int _halfBits;
    private readonly ulong _halfMask;
    private readonly ulong[] _keys = new ulong[Rounds];

    public FeistelPermutation(long n, ulong key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _n = n;
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));
        _halfBits = Math.Max(1, (bits + 1) / 2);
        _halfMask = (1UL << _halfBits) - 1;
        for (var i = 0; i < Rounds; i++) _keys[i] = SplitMix64.Mix(key + (ulong)i * 0x632BE59BD9B4E019UL);
    }

    public long Map(long index)
    {
        if ((ulong)index >= (ulong)_n) throw new ArgumentOutOfRangeException(nameof(index));
        // The domain is at most 4n, so this walks fewer than 4 steps on average.
        var x = (ulong)index;
        do x = Encrypt(x);
        while (x >= (ulong)_n);
        return (long)x;
    }

    private ulong Encrypt(ulong x)
    {
        var left = x >> _halfBits;
        var right = x & _halfMask;
        for (var i = 0; i < Rounds; i++)
        {
            var next = left ^ (SplitMix64.Mix(right ^ _keys[i]) & _halfMask);
            left = right;
            right = next;
        }
        return (left << _halfBits) | right;
    }
}
