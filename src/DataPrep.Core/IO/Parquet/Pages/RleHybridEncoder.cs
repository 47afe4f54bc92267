using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Writes the RLE/bit-packed hybrid encoding the way Parquet.Net 6.1 does, so pages are byte for byte
/// the same: RLE runs only (never a bit-packed run), a new run at every change of value or after
/// 2^30 - 1 repeats, each run's value in (bit width + 7) / 8 little-endian bytes.
/// </summary>
internal static class RleHybridEncoder
{
    private const int MaxRun = (1 << 30) - 1;

    /// <summary>
    /// Definition levels of a flat optional column (bit width 1: 1 = value, 0 = null) straight from the
    /// Arrow validity bitmap, after a 4-byte length as data page v1 puts it.
    /// </summary>
    public static void WriteDefinitionLevels(PageBuffer output, ReadOnlySpan<byte> validity, int offset, int length, int nullCount)
    {
        var lengthAt = output.Length;
        output.WriteInt32(0);
        if (nullCount == 0 || validity.IsEmpty) WriteRepeated(output, 1, length);
        else if (nullCount == length) WriteRepeated(output, 0, length);
        else
        {
            int current = BitUtility.GetBit(validity, offset) ? 1 : 0, run = 0;
            for (var i = 0; i < length; i++)
            {
                var level = BitUtility.GetBit(validity, offset + i) ? 1 : 0;
                if (run > 0 && (level != current || run == MaxRun))
                {
                    WriteRun(output, run, current, 1);
                    run = 0;
                }
                if (run == 0) current = level;
                run++;
            }
            if (run > 0) WriteRun(output, run, current, 1);
        }
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(output.Written(lengthAt, 4), output.Length - lengthAt - 4);
    }

    /// <summary>Dictionary indexes of a data page (the bit width byte before them is the caller's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteValues(PageBuffer output, ReadOnlySpan<int> values, int bitWidth)
    {
        var byteWidth = (bitWidth + 7) / 8;
        int current = 0, run = 0;
        foreach (var value in values)
        {
            if (run > 0 && (value != current || run == MaxRun))
            {
                WriteRun(output, run, current, byteWidth);
                run = 0;
            }
            if (run == 0) current = value;
            run++;
        }
        if (run > 0) WriteRun(output, run, current, byteWidth);
    }

    /// <summary>The bits a value needs, as Parquet.Net counts them for a dictionary of that many entries (0 for 0).</summary>
    public static int BitWidth(int value) => 32 - int.LeadingZeroCount(value);

    private static void WriteRepeated(PageBuffer output, int value, int count)
    {
        for (; count > MaxRun; count -= MaxRun) WriteRun(output, MaxRun, value, 1);
        if (count > 0) WriteRun(output, count, value, 1);
    }

    private static void WriteRun(PageBuffer output, int count, int value, int byteWidth)
    {
        output.WriteVarUInt((uint)count << 1);
        for (var b = 0; b < byteWidth; b++) output.WriteByte((byte)(value >> (8 * b)));
    }
}
