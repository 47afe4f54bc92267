using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>The format of a <c>memory</c> sink: results go to the host, never to a file.</summary>
internal sealed class MemorySinkFormat : ISinkFormat
{
    public static readonly MemorySinkFormat Instance = new();

    public string Extension => ".memory";

    public IBatchWriter Create(Stream output, Schema schema) =>
        throw new InvalidOperationException("a memory sink writes no file; read its results with Pipeline.StreamAsync or Pipeline.CollectAsync");
}
