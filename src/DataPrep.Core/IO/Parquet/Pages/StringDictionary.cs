using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Parquet.Net 6.1's dictionary for a string chunk written with <see cref="global::Parquet.EncodingHint.Dictionary"/>,
/// built over the UTF-8 values in the Arrow buffer. Its rule, on the non-null values in order: none for
/// no values; none when the first <c>sampleSize</c> values (if there are more values than that) bring
/// more than (int)(sampleSize × threshold) distinct ones; none when all values bring more than
/// (int)(count × threshold). Entries are in order of first appearance. Distinct means ordinal-equal,
/// which for valid UTF-8 is byte-equal. The table and index arrays are kept for the next chunk.
/// </summary>
internal sealed class StringDictionary
{
    private int[] _slots = new int[1024]; // entry + 1, 0 = empty; open addressing, linear probing
    private ulong[] _hashes = new ulong[512];
    private int[] _starts = new int[512];
    private int[] _lengths = new int[512];
    private int[] _indexes = [];
    private int _rows;

    public int Count { get; private set; }

    /// <summary>The dictionary index of every non-null value, in order.</summary>
    public ReadOnlySpan<int> Indexes => _indexes.AsSpan(0, _rows);

    public byte[]? Min { get; private set; }

    public byte[]? Max { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryBuild(StringArray strings, double threshold, int sampleSize)
    {
        var values = strings.Length - strings.NullCount;
        Count = 0;
        _rows = 0;
        if (values == 0) return false;
        var sampleLimit = sampleSize > 0 && values > sampleSize ? (int)(sampleSize * threshold) : int.MaxValue;
        var limit = (int)(values * threshold);
        if (_indexes.Length < values) _indexes = new int[values];
        Reset(Math.Min(values, 4096));

        var offsets = strings.ValueOffsets;
        var data = strings.ValueBuffer.Span;
        var validity = ArrowArrays.ValidityBits(strings);
        for (var i = 0; i < strings.Length; i++)
        {
            if (!validity.IsEmpty && !BitUtility.GetBit(validity, strings.Offset + i)) continue;
            int start = offsets[i], length = offsets[i + 1] - start;
            var value = data.Slice(start, length);
            var hash = XxHash3.HashToUInt64(value);
            var mask = _slots.Length - 1;
            var slot = (int)hash & mask;
            int entry;
            while (true)
            {
                entry = _slots[slot] - 1;
                if (entry < 0 || (_hashes[entry] == hash && data.Slice(_starts[entry], _lengths[entry]).SequenceEqual(value))) break;
                slot = (slot + 1) & mask;
            }
            if (entry < 0)
            {
                // A new value: Parquet.Net gives up before adding one past the sample's or the chunk's limit.
                if (Count >= limit || (_rows < sampleSize && Count >= sampleLimit)) return false;
                entry = Add(hash, start, length);
                _slots[slot] = entry + 1;
                if (Count * 2 > _slots.Length) Grow();
            }
            _indexes[_rows++] = entry;
        }
        SetMinMax(data);
        return true;
    }

    /// <summary>The dictionary page's values: PLAIN, a 4-byte length and the bytes of each entry.</summary>
    public void WriteEntries(PageBuffer page, ReadOnlySpan<byte> data)
    {
        for (var e = 0; e < Count; e++)
        {
            page.WriteInt32(_lengths[e]);
            page.Write(data.Slice(_starts[e], _lengths[e]));
        }
    }

    private void SetMinMax(ReadOnlySpan<byte> data)
    {
        int min = 0, max = 0;
        for (var e = 1; e < Count; e++)
        {
            var value = data.Slice(_starts[e], _lengths[e]);
            if (value.SequenceCompareTo(data.Slice(_starts[min], _lengths[min])) < 0) min = e;
            if (value.SequenceCompareTo(data.Slice(_starts[max], _lengths[max])) > 0) max = e;
        }
        Min = data.Slice(_starts[min], _lengths[min]).ToArray();
        Max = data.Slice(_starts[max], _lengths[max]).ToArray();
    }

    private int Add(ulong hash, int start, int length)
    {
        if (Count == _hashes.Length)
        {
            System.Array.Resize(ref _hashes, Count * 2);
            System.Array.Resize(ref _starts, Count * 2);
            System.Array.Resize(ref _lengths, Count * 2);
        }
        _hashes[Count] = hash;
        _starts[Count] = start;
        _lengths[Count] = length;
        return Count++;
    }

    private void Reset(int expected)
    {
        var size = (int)Math.Min(1 << 30, BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2)));
        if (_slots.Length < size || _slots.Length > 4 * size) _slots = new int[size];
        else System.Array.Clear(_slots);
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var e = 0; e < Count; e++)
        {
            var slot = (int)_hashes[e] & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = e + 1;
        }
        _slots = slots;
    }
}
