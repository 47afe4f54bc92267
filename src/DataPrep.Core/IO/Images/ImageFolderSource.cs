using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Files;

namespace DataPrep.IO.Images;

/// <summary>
/// Reads a folder tree of image files as rows (path, label, image bytes). Each image is one input
/// file of the run, so the manifest checksums every image and an unreadable one is quarantined
/// by name; each yields a one-row chunk (decoding, not batching, dominates image work).
/// </summary>
internal sealed class ImageFolderSource(ImagesSourceOptions options, string baseDirectory) : IBatchSource
{
    public static readonly Schema Schema = new(
    [
        new Field("path", StringType.Default, nullable: false),
        new Field("label", StringType.Default, nullable: true),
        new Field("image", BinaryType.Default, nullable: false),
    ], null);

    private string? _root;

    public IReadOnlyList<string> ResolveFiles()
    {
        var full = Path.GetFullPath(options.Path.Replace('\\', '/'), Path.GetFullPath(baseDirectory));
        _root = Glob.HasWildcards(full) ? Path.GetFullPath(Glob.SplitRoot(full.Replace('\\', '/')).Root) : Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        return FileResolver.Resolve(options.Path, baseDirectory, options.Extensions);
    }

    public Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken) => Task.FromResult(Schema);

    public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_root is null) ResolveFiles();
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var relative = Path.GetRelativePath(_root!, file).Replace('\\', '/');
        var slash = relative.IndexOf('/');
        var label = slash > 0 ? relative[..slash] : null;
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        foreach (var field in Schema.FieldsList)
        {
            if (request.Columns is { } wanted && !wanted.Contains(field.Name)) continue;
            fields.Add(field);
            arrays.Add(field.Name switch
            {
                "path" => new StringArray.Builder().Append(relative).Build(),
                "label" => label is null ? new StringArray.Builder().AppendNull().Build() : new StringArray.Builder().Append(label).Build(),
                _ => new BinaryArray.Builder().Append(bytes.AsSpan()).Build(),
            });
        }
        yield return new SourceChunk(new RecordBatch(new Schema(fields, null), arrays, 1), 0, null, []);
    }
}
