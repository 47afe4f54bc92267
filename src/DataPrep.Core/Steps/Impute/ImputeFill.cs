using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Impute;

/// <summary>Fills one column of one batch with a fitted <see cref="ImputeTarget"/>.</summary>
internal static class ImputeFill
{
    /// <returns>The filled column, or null when it is unchanged.</returns>
    public static IArrowArray? Column(ImputeTarget t, IArrowArray array, bool[] missing, bool nanIsMissing, BatchContext context,
        double[][]? features, KnnDonors? donors, int k)
    {
        var anyMissing = System.Array.IndexOf(missing, true) >= 0;
        if (t.AsDouble) return anyMissing || array is not DoubleArray ? Doubles(t, array, missing, nanIsMissing, features, donors, k, context.Arrays) : null;
        if (!anyMissing) return null;
        var replacements = new Dictionary<int, object?>();
        switch (t.Method)
        {
            case ImputeMethod.ForwardFill:
                Forward(t, array, missing, context, replacements);
                break;
            case ImputeMethod.BackwardFill:
                Backward(t, array, missing, context, replacements);
                break;
            default:
                if (t.Fill is null) return null;
                if (array is StringArray strings && t.Fill is string text) return FillStrings(strings, missing, Encoding.UTF8.GetBytes(text), context.Arrays);
                for (var i = 0; i < missing.Length; i++) if (missing[i]) replacements[i] = t.Fill;
                break;
        }
        if (replacements.Count == 0) return null;
        return array is StringArray s ? Strings(s, replacements) : ArrowPatch.Replace(array, replacements);
    }

    private static DoubleArray Doubles(ImputeTarget t, IArrowArray array, bool[] missing, bool nanIsMissing, double[][]? features, KnnDonors? donors, int k,
        ArrayRecycler? arrays)
    {
        if (array is DoubleArray doubles && t.Method != ImputeMethod.Knn && t.Fill is double constant) return FillDoubles(doubles, missing, constant, arrays);
        var n = array.Length;
        var values = new double[n];
        var present = new bool[n];
        NumericColumn.Read(array, values, present, nanIsMissing);
        var row = t.Method == ImputeMethod.Knn ? new double[features!.Length] : [];
        var best = t.Method == ImputeMethod.Knn ? new (double, int)[k] : [];
        for (var i = 0; i < n; i++)
        {
            if (!missing[i]) continue;
            if (t.Method == ImputeMethod.Knn && donors is not null && t.Fill is double mean)
            {
                for (var f = 0; f < row.Length; f++) row[f] = features![f][i];
                values[i] = donors.Impute(row, t.KnnSlot, k, mean, best);
                present[i] = true;
            }
            else if (t.Method != ImputeMethod.Knn && t.Fill is double fill)
            {
                values[i] = fill;
                present[i] = true;
            }
        }
        return NumericColumn.Build(values, present);
    }

    /// <summary>A float64 column with every missing row set to one value: the values copied at once, then the missing slots set.</summary>
    /// <param name="arrays">Where the values' buffer comes from (<see cref="BatchContext.Arrays"/>); null: a new array.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DoubleArray FillDoubles(DoubleArray array, ReadOnlySpan<bool> missing, double fill, ArrayRecycler? arrays = null)
    {
        var n = array.Length;
        var size = n * sizeof(double);
        var bytes = arrays?.Rent(size) ?? GC.AllocateUninitializedArray<byte>(size); // every byte is written next
        var values = MemoryMarshal.Cast<byte, double>(bytes.AsSpan(0, size));
        array.Values.CopyTo(values);
        byte[]? validity = null;
        var nulls = 0;
        var valid = new Validity(array);
        if (!valid.HasNulls)
        {
            for (var i = 0; i < n; i++) if (missing[i]) values[i] = fill;
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                if (missing[i]) values[i] = fill;
                else if (!valid.IsValid(i)) nulls++; // null but not missing: stays null
            }
        }
        if (nulls > 0)
        {
            validity = new byte[(n + 7) / 8];
            for (var i = 0; i < n; i++) if (missing[i] || valid.IsValid(i)) BitUtility.SetBit(validity, i);
        }
        return new DoubleArray(new ArrayData(DoubleType.Default, n, nulls, 0, [validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(bytes.AsMemory(0, size))]));
    }

    private static void Forward(ImputeTarget t, IArrowArray array, bool[] missing, BatchContext context, Dictionary<int, object?> replacements)
    {
        // The carry into this batch: the last present value of the nearest fitted batch before it.
        var first = context.RowIdAt(0);
        var at = Search(t.Carries, first) - 1; // entries strictly before the first row
        object? carry = at >= 0 ? t.Carries[at].Value : null;
        var lastPresent = -1;
        for (var i = 0; i < missing.Length; i++)
        {
            if (!missing[i])
            {
                lastPresent = i;
                carry = null;
                continue;
            }
            var value = lastPresent >= 0 ? ArrowValues.Get(array, lastPresent) : carry;
            if (value is not null) replacements[i] = value;
        }
    }

    private static void Backward(ImputeTarget t, IArrowArray array, bool[] missing, BatchContext context, Dictionary<int, object?> replacements)
    {
        var last = context.RowIdAt(missing.Length - 1);
        var at = Search(t.Carries, last);
        if (at < t.Carries.Count && Compare(t.Carries[at].At, last) == 0) at++; // entries strictly after the last row
        object? carry = at < t.Carries.Count ? t.Carries[at].Value : null;
        var nextPresent = -1;
        for (var i = missing.Length - 1; i >= 0; i--)
        {
            if (!missing[i])
            {
                nextPresent = i;
                continue;
            }
            var value = nextPresent >= 0 ? ArrowValues.Get(array, nextPresent) : carry;
            if (value is not null) replacements[i] = value;
        }
    }

    /// <summary>The index of the first carry at or after <paramref name="row"/>.</summary>
    private static int Search(List<(RowId At, object Value)> carries, RowId row)
    {
        int lo = 0, hi = carries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Compare(carries[mid].At, row) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int Compare(RowId a, RowId b) => a.Source != b.Source ? a.Source.CompareTo(b.Source) : a.Row.CompareTo(b.Row);

    /// <summary>
    /// A string column with every missing row set to one value, built on the buffers: each run of kept
    /// rows is one byte copy and a shift of its offsets (no builder, no lookup per row).
    /// </summary>
    /// <param name="arrays">Where the offsets' and values' buffers come from (<see cref="BatchContext.Arrays"/>); null: new arrays.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static StringArray FillStrings(StringArray array, ReadOnlySpan<bool> missing, ReadOnlySpan<byte> fill, ArrayRecycler? arrays = null)
    {
        var n = array.Length;
        var data = array.Data;
        var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(data.Offset, n + 1);
        var bytes = data.Buffers[2].Span;
        var valid = new Validity(array);
        long total = 0;
        var nulls = 0;
        for (var i = 0; i < n; i++)
        {
            if (missing[i]) total += fill.Length;
            else if (!valid.IsValid(i)) nulls++; // null but not missing: stays null
            else total += offsets[i + 1] - offsets[i];
        }
        if (total > int.MaxValue) throw new InvalidOperationException("string column exceeds 2 GiB in one batch; lower execution.batch_size");

        var offsetsSize = (n + 1) * sizeof(int);
        var newOffsets = arrays?.Rent(offsetsSize) ?? GC.AllocateUninitializedArray<byte>(offsetsSize); // every offset is written below
        var target = MemoryMarshal.Cast<byte, int>(newOffsets.AsSpan(0, offsetsSize));
        target[0] = 0;
        var newBytes = arrays?.Rent((int)total) ?? GC.AllocateUninitializedArray<byte>((int)total); // every byte is copied in below
        byte[]? validity = nulls > 0 ? new byte[(n + 7) / 8] : null;
        var at = 0;
        for (var i = 0; i < n;)
        {
            if (missing[i])
            {
                fill.CopyTo(newBytes.AsSpan(at));
                at += fill.Length;
                target[++i] = at;
                if (validity is not null) BitUtility.SetBit(validity, i - 1);
                continue;
            }
            if (nulls > 0 && !valid.IsValid(i))
            {
                target[++i] = at;
                continue;
            }
            // A run of kept, present rows: one copy; their offsets shift by a constant.
            var end = i + 1;
            while (end < n && !missing[end] && (nulls == 0 || valid.IsValid(end))) end++;
            bytes[offsets[i]..offsets[end]].CopyTo(newBytes.AsSpan(at));
            var shift = at - offsets[i];
            for (var k = i; k < end; k++)
            {
                target[k + 1] = offsets[k + 1] + shift;
                if (validity is not null) BitUtility.SetBit(validity, k);
            }
            at += offsets[end] - offsets[i];
            i = end;
        }
        return new StringArray(new ArrayData(StringType.Default, n, nulls, 0,
            [validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(newOffsets.AsMemory(0, offsetsSize)), new ArrowBuffer(newBytes.AsMemory(0, (int)total))]));
    }

    /// <summary>A string column with some values replaced, copied as UTF-8 bytes (no string per row).</summary>
    private static StringArray Strings(StringArray array, Dictionary<int, object?> replacements)
    {
        var builder = new StringArray.Builder();
        var encoded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < array.Length; i++)
        {
            if (replacements.TryGetValue(i, out var value))
            {
                if (value is null) { builder.AppendNull(); continue; }
                var text = (string)value;
                if (!encoded.TryGetValue(text, out var bytes)) encoded[text] = bytes = Encoding.UTF8.GetBytes(text);
                builder.Append(bytes.AsSpan());
            }
            else if (array.IsNull(i))
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(array.GetBytes(i));
            }
        }
        return builder.Build();
    }
}
