using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// A column's validity read straight from its bitmap: one inlined bit test a row, where
/// <see cref="Apache.Arrow.Array.IsValid"/> re-reads the array's null count, buffers and offset on
/// every call (it was 7 % of the reference workload's final pass, in impute's fills). Arrays without
/// a validity bitmap of their own (null and union types) are asked row by row.
/// </summary>
internal readonly ref struct Validity
{
    private readonly ReadOnlySpan<byte> _bits;
    private readonly int _offset;
    private readonly IArrowArray? _slow;

    public Validity(IArrowArray array)
    {
        HasNulls = array.NullCount > 0;
        if (!HasNulls) return;
        if (array.Data.DataType is not (NullType or UnionType) && array.Data.Buffers is [{ IsEmpty: false } bitmap, ..])
        {
            _bits = bitmap.Span;
            _offset = array.Data.Offset;
        }
        else
        {
            _slow = array;
        }
    }

    /// <summary>False when every row is valid (then <see cref="IsValid"/> is always true).</summary>
    public bool HasNulls { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsValid(int row) =>
        !HasNulls || (_slow is null ? BitUtility.GetBit(_bits, _offset + row) : _slow.IsValid(row));

    /// <summary>Writes one flag a row: true where the row is valid (<paramref name="valid"/> = true) or null (false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Expand(Span<bool> flags, bool valid)
    {
        var n = flags.Length;
        if (!HasNulls)
        {
            flags.Fill(valid);
            return;
        }
        if (_slow is not null || (_offset & 7) != 0 || !BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < n; i++) flags[i] = IsValid(i) == valid;
            return;
        }
        // Byte-aligned: eight flags at a time from a table of the 256 bit patterns.
        var table = valid ? Flags.Set : Flags.Clear;
        var bytes = _bits.Slice(_offset >> 3);
        var words = MemoryMarshal.Cast<bool, ulong>(flags);
        var whole = n >> 3;
        for (var b = 0; b < whole; b++) words[b] = table[bytes[b]];
        for (var i = whole << 3; i < n; i++) flags[i] = BitUtility.GetBit(bytes, i) == valid;
    }

    /// <summary>For each byte of a bitmap, its eight bits as eight bool bytes (1 for a set bit), and the same negated.</summary>
    private static class Flags
    {
        public static readonly ulong[] Set = Build(negate: false);
        public static readonly ulong[] Clear = Build(negate: true);

        private static ulong[] Build(bool negate)
        {
            var table = new ulong[256];
            for (var b = 0; b < 256; b++)
            {
                ulong word = 0;
                for (var bit = 0; bit < 8; bit++)
                    if ((((b >> bit) & 1) != 0) != negate) word |= 1UL << (8 * bit);
                table[b] = word;
            }
            return table;
        }
    }
}
