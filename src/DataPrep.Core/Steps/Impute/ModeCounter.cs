using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Impute;

/// <summary>
/// Value counts of one column for the mode. Strings are counted by their UTF-8 bytes, looked up by
/// the span in the Arrow buffer (a key is allocated once per distinct value, not per row); decimals
/// by their text; every other type by a 64-bit key taken from its buffer (integer, double bits, day
/// number, timestamp units, 0/1), so counting allocates nothing for them. Ties go to the smallest
/// value (strings: ordinal order of their text).
/// </summary>
internal sealed class ModeCounter
{
    private readonly Dictionary<byte[], long> _utf8 = new(Utf8Keys.Instance);
    private readonly Dictionary<string, long> _text = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _keys = [];

    public void Add(IArrowArray array, ReadOnlySpan<bool> missing)
    {
        if (array is StringArray strings)
        {
            AddStrings(strings, missing);
            return;
        }
        for (var i = 0; i < array.Length; i++)
        {
            if (missing[i]) continue;
            switch (array)
            {
                case Decimal128Array d: Count(_text, ArrowValues.Format(d.GetValue(i)!.Value)); break;
                case BooleanArray b: Count(_keys, b.GetValue(i)!.Value ? 1 : 0); break;
                case DoubleArray d: Count(_keys, BitConverter.DoubleToInt64Bits(d.Values[i] + 0.0)); break; // +0.0 folds -0 into 0
                case FloatArray f: Count(_keys, BitConverter.DoubleToInt64Bits(f.Values[i] + 0.0)); break;
                case Date32Array d: Count(_keys, d.Values[i]); break;
                case TimestampArray t: Count(_keys, t.Values[i]); break;
                case UInt64Array u: Count(_keys, unchecked((long)u.Values[i])); break;
                case Int64Array l: Count(_keys, l.Values[i]); break;
                case Int32Array l: Count(_keys, l.Values[i]); break;
                default: Count(_keys, (long)ArrowValues.Get(array, i)!); break; // the narrower integers
            }
        }
    }

    /// <summary>
    /// Counts a batch's strings in a small table of its own first (open addressing on the XxHash3 of
    /// the bytes, a slot naming the batch row that first had the value), then adds each distinct
    /// value's count to the run's dictionary once: a categorical column has few distinct values, and
    /// the dictionary's per-row cost (two interface calls, a modulo, an entry chain) was most of the
    /// counting. A batch with more distinct values than <see cref="BatchDistinct"/> counts the rest
    /// in the dictionary directly. The counts are the same either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddStrings(StringArray strings, ReadOnlySpan<bool> missing)
    {
        var offsets = strings.ValueOffsets;
        var bytes = strings.Values;
        var slots = new (ulong Hash, int Row, long Count)[2 * BatchDistinct];
        var mask = slots.Length - 1;
        var distinct = 0;
        var i = 0;
        for (; i < strings.Length && distinct < BatchDistinct; i++)
        {
            if (missing[i]) continue;
            var value = bytes[offsets[i]..offsets[i + 1]];
            var hash = System.IO.Hashing.XxHash3.HashToUInt64(value);
            for (var s = (int)hash & mask; ; s = (s + 1) & mask)
            {
                ref var slot = ref slots[s];
                if (slot.Count == 0)
                {
                    slot = (hash, i, 1);
                    distinct++;
                    break;
                }
                if (slot.Hash == hash && value.SequenceEqual(bytes[offsets[slot.Row]..offsets[slot.Row + 1]]))
                {
                    slot.Count++;
                    break;
                }
            }
        }
        var lookup = _utf8.GetAlternateLookup<ReadOnlySpan<byte>>();
        foreach (var (_, row, count) in slots)
            if (count > 0) System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lookup, bytes[offsets[row]..offsets[row + 1]], out _) += count;
        for (; i < strings.Length; i++)
            if (!missing[i]) System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lookup, strings.GetBytes(i), out _)++;
    }

    /// <summary>How often a string was counted (tests).</summary>
    internal long CountOf(string value) => _utf8.GetValueOrDefault(System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Distinct values a batch counts in its own table (<see cref="AddStrings"/>); a power of two.</summary>
    internal const int BatchDistinct = 256;

    private static void Count<T>(Dictionary<T, long> counts, T key) where T : notnull =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;

    public void Merge(ModeCounter other)
    {
        foreach (var (k, n) in other._utf8) Count(_utf8, k, n);
        foreach (var (k, n) in other._text) Count(_text, k, n);
        foreach (var (k, n) in other._keys) Count(_keys, k, n);
    }

    private static void Count<T>(Dictionary<T, long> counts, T key, long n) where T : notnull =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += n;

    /// <summary>The most frequent value as <see cref="ArrowValues.Get"/> would return it; null when nothing was counted.</summary>
    public object? Mode(IArrowType type)
    {
        if (type is StringType or Decimal128Type)
        {
            string? best = null;
            long bestCount = 0;
            var counts = type is StringType ? _utf8.Select(e => (System.Text.Encoding.UTF8.GetString(e.Key), e.Value)) : _text.Select(e => (e.Key, e.Value));
            foreach (var (k, n) in counts)
                if (n > bestCount || (n == bestCount && string.CompareOrdinal(k, best) < 0)) (best, bestCount) = (k, n);
            if (best is null) return null;
            return type is StringType ? best : decimal.Parse(best, System.Globalization.CultureInfo.InvariantCulture);
        }
        var floating = type is DoubleType or FloatType;
        long? bestKey = null;
        long most = 0;
        foreach (var (k, n) in _keys)
        {
            if (n < most) continue;
            if (n == most && bestKey is { } b && !(floating ? BitConverter.Int64BitsToDouble(k) < BitConverter.Int64BitsToDouble(b) : type is UInt64Type ? (ulong)k < (ulong)b : k < b)) continue;
            (bestKey, most) = (k, n);
        }
        if (bestKey is not { } key) return null;
        return type switch
        {
            DoubleType or FloatType => BitConverter.Int64BitsToDouble(key),
            BooleanType => key == 1,
            Date32Type => DateOnly.FromDayNumber(Epoch.DayNumber + (int)key),
            TimestampType t => Epoch.Timestamp(t, key),
            UInt64Type => unchecked((ulong)key),
            _ => key,
        };
    }
}

/// <summary>Byte-content equality for UTF-8 keys, with lookups by span (no array per probe).</summary>
internal sealed class Utf8Keys : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly Utf8Keys Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)System.IO.Hashing.XxHash3.HashToUInt64(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
