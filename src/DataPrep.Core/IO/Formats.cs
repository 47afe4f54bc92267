namespace DataPrep.IO;

/// <summary>Builds the reader or writer an options object names.</summary>
public static class Formats
{
    /// <param name="baseDirectory">Directory relative paths are resolved against (the pipeline file's).</param>
    public static IBatchSource CreateSource(SourceOptions options, string baseDirectory) =>
        throw new NotImplementedException("IO: filled in by the readers");

    public static ISinkFormat CreateSink(SinkOptions options) =>
        throw new NotImplementedException("IO: filled in by the writers");
}
