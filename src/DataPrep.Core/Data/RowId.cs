using System.Runtime.InteropServices;

namespace DataPrep.Data;

/// <summary>
/// A row's stable identity: the input file (index into the run's input list) and the 0-based data
/// row in it. Rows a step makes (oversampling, SMOTE) carry their origin's file and row and a
/// nonzero <paramref name="Copy"/>, so each has an identity of its own for randomness and records.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct RowId(int Source, long Row, int Copy = 0)
{
    /// <summary>The identity of the <paramref name="index"/>-th row a step (told apart by <paramref name="salt"/>) made from this one.</summary>
    public RowId Made(uint salt, int index)
    {
        var h = (uint)Copy * 0x9E3779B1u ^ salt;
        h = (h ^ (h >> 15)) * 0x85EBCA77u + (uint)index * 0xC2B2AE3Du;
        h ^= h >> 13;
        return this with { Copy = h == 0 ? 1 : (int)h };
    }

    public override string ToString() => Copy == 0 ? $"{Source}:{Row}" : $"{Source}:{Row}+{(uint)Copy:x8}";
}
