using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>A configured output format.</summary>
public interface ISinkFormat
{
    /// <summary>File extension with the dot, e.g. <c>.parquet</c>.</summary>
    string Extension { get; }

    IBatchWriter Create(Stream output, Schema schema);

    /// <summary>
    /// Creates the writer of the data file at <paramref name="path"/> (inside the run's staging
    /// folder). A format that writes files beside its data file (the image folder tree) overrides
    /// this; they are published with the rest of the staging folder.
    /// </summary>
    IBatchWriter Create(Stream output, Schema schema, string path) => Create(output, schema);
}
