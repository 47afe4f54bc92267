using System.Security.Cryptography;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.IO.Images;

/// <summary>The image folder tree sink (see <see cref="ImageFolderSinkOptions"/>): the data file is the index.</summary>
internal sealed class ImageFolderSinkFormat(ImageFolderSinkOptions options) : ISinkFormat
{
    public string Extension => ".csv";

    public IBatchWriter Create(Stream output, Schema schema) =>
        throw new InvalidOperationException("the image folder sink writes files beside its index: it needs the index file's path");

    public IBatchWriter Create(Stream output, Schema schema, string path) => new ImageFolderWriter(options, output, schema, path);
}

/// <summary>
/// Writes each row's image bytes to <c>images/LABEL/NAME.EXT</c> under the staging folder (two
/// levels above the index file <c>data/part-N.csv</c>) and one index line per row. Names are made
/// unique in row order, so the tree depends only on the rows and their order.
/// </summary>
internal sealed class ImageFolderWriter : IBatchWriter
{
    private readonly StreamWriter _index;
    private readonly string _images;
    private readonly int _column;
    private readonly int _label;
    private readonly int _name;
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);
    private long _rows;

    public ImageFolderWriter(ImageFolderSinkOptions options, Stream output, Schema schema, string path)
    {
        _column = schema.GetFieldIndex(options.Column);
        if (_column < 0 || schema.GetFieldByIndex(_column).DataType is not BinaryType)
            throw new InvalidDataException(_column < 0
                ? $"image_folder sink: the output has no column '{options.Column}' (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})"
                : $"image_folder sink: column '{options.Column}' is {schema.GetFieldByIndex(_column).DataType.Name}, not binary encoded image bytes");
        _label = options.Label.Length == 0 ? -1 : schema.GetFieldIndex(options.Label);
        _name = schema.GetFieldIndex(options.Name);
        var staging = System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)))!;
        _images = System.IO.Path.Combine(staging, "images");
        Directory.CreateDirectory(_images);
        _index = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        _index.WriteLine("file,label,bytes,sha256");
    }

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        var images = (BinaryArray)batch.Column(_column);
        for (var row = 0; row < batch.Length; row++, _rows++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var label = _label < 0 ? null : ArrowValues.Get(batch.Column(_label), row) is { } l ? Safe(ArrowValues.Format(l)) : "_unlabeled";
            if (images.IsNull(row))
            {
                await _index.WriteLineAsync($",{Csv(label)},,").ConfigureAwait(false);
                continue;
            }
            var bytes = images.GetBytes(row).ToArray();
            var stem = _name >= 0 && ArrowValues.Get(batch.Column(_name), row) is string n && n.Length > 0
                ? Safe(System.IO.Path.GetFileNameWithoutExtension(n.Replace('\\', '/').Split('/')[^1]))
                : $"row-{_rows:D8}";
            var folder = label is null ? "" : label + "/";
            var baseName = folder + stem;
            var count = _used.GetValueOrDefault(baseName) + 1;
            _used[baseName] = count;
            var relative = $"{baseName}{(count > 1 ? $"-{count}" : "")}{Extension(bytes)}";
            var full = System.IO.Path.Combine(_images, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            await using (var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _index.WriteLineAsync($"{Csv("images/" + relative)},{Csv(label)},{bytes.Length},{Convert.ToHexStringLower(SHA256.HashData(bytes))}").ConfigureAwait(false);
        }
    }

    public Task FinishAsync(CancellationToken cancellationToken) => _index.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _index.DisposeAsync();

    /// <summary>A file or folder name: path separators, control characters and leading dots become '_'.</summary>
    private static string Safe(string name)
    {
        var invalid = System.IO.Path.GetInvalidFileNameChars();
        var chars = name.Select(c => c == '/' || c == '\\' || char.IsControl(c) || invalid.Contains(c) ? '_' : c).ToArray();
        var safe = new string(chars).TrimStart('.');
        return safe.Length == 0 ? "_" : safe;
    }

    private static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    private static string Extension(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? ".png" :
        b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ".jpg" :
        b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? ".webp" :
        b.StartsWith("GIF8"u8) ? ".gif" :
        b.StartsWith("BM"u8) ? ".bmp" : ".bin";
}
