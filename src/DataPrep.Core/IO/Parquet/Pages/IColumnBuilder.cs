using Apache.Arrow;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Receives a column chunk's decoded pages and writes the values straight into Arrow buffers. A
/// builder holds the rows of one array, from the chunk's row <c>firstRow</c> on (one of the chunk's
/// <see cref="ColumnSlices"/>). Rows are given as chunk rows by <c>rowStart</c> and <c>rows</c>; a row
/// is present when its bit in the chunk's <c>validity</c> is set (no bitmap: every row is present),
/// and <c>present</c> counts them.
/// </summary>
internal interface IColumnBuilder
{
    /// <summary>A PLAIN-encoded dictionary page of <paramref name="count"/> values.</summary>
    void SetDictionary(ReadOnlySpan<byte> plain, int count);

    bool HasDictionary { get; }

    /// <summary>Uses the dictionary another builder of the same column read (no copy).</summary>
    void ShareDictionary(IColumnBuilder other);

    /// <summary>PLAIN-encoded values of the present rows of (part of) a page, from the start of <paramref name="values"/>; returns the bytes they took.</summary>
    int AddPlain(ReadOnlySpan<byte> values, int rowStart, int rows, int present, ReadOnlySpan<byte> validity);

    /// <summary>Dictionary indices of the present rows of a page.</summary>
    void AddIndices(ReadOnlySpan<int> indices, int rowStart, int rows, ReadOnlySpan<byte> validity);

    IArrowArray Build(byte[]? validity, int nullCount);
}
