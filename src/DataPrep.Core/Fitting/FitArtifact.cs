using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Apache.Arrow;
using DataPrep.Commit;
using DataPrep.Data;

namespace DataPrep.Fitting;

/// <summary>
/// The statistics of every fitted step of a run whose fit is reusable on other data (means,
/// medians, vocabularies, bounds), with the schema each was fitted on. <c>dataprep run --save-fit</c>
/// writes one; <c>--fit</c> applies it without refitting (one pass), and <see cref="FittedPipeline"/>
/// applies it to batches in memory. It holds no row of the data, and its bytes depend only on the
/// fitted values, so the same data and definition give the same artifact.
/// </summary>
public sealed record FitArtifact
{
    /// <summary>The format tag written into every artifact.</summary>
    public const string FormatTag = "dataprep-fit/1";

    /// <summary>Always <see cref="FormatTag"/>; a reader rejects other formats.</summary>
    public string Format { get; init; } = FormatTag;

    /// <summary>The pipeline's name.</summary>
    public required string Pipeline { get; init; }

    /// <summary>
    /// The source columns the plan read (after projection), so that a fitted pipeline can be built
    /// without the training files.
    /// </summary>
    public required IReadOnlyList<ColumnInfo> Source { get; init; }

    /// <summary>One entry per step with a reusable fit, in pipeline order.</summary>
    public required IReadOnlyList<FittedStepRecord> Steps { get; init; }

    /// <summary>The source schema as Arrow.</summary>
    public Schema SourceSchema() =>
        new(Source.Select(c => new Field(c.Name, ColumnTypes.Parse(c.Type), c.Nullable)), null);

    /// <summary>Snake_case, indented, nulls left out, with metadata generated at build time (<see cref="FitJson"/>, as the commit files').</summary>
    internal static readonly JsonSerializerOptions Json = FitJson.Default.Options;

    /// <summary>The artifact as UTF-8 JSON (no byte-order mark, LF line ends).</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json).ReplaceLineEndings("\n") + "\n");

    /// <summary>Reads an artifact; a file that is not one gives an <see cref="InvalidDataException"/> naming the file and what is wrong.</summary>
    public static FitArtifact Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the fit artifact: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Reads an artifact from its bytes; <paramref name="path"/> only names it in the <see cref="InvalidDataException"/>.</summary>
    public static FitArtifact Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        FitArtifact? artifact;
        try { artifact = JsonSerializer.Deserialize<FitArtifact>(bytes, Json); }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"({line + 1},{(e.BytePositionInLine ?? 0) + 1})" : "";
            throw new InvalidDataException($"{path}{where}: not a fit artifact: {e.Message}", e);
        }
        if (artifact is null) throw new InvalidDataException($"{path}: not a fit artifact: the file holds JSON null");
        if (artifact.Format != FormatTag)
            throw new InvalidDataException($"{path}: format '{artifact.Format}' is not '{FormatTag}'; it was written by another version of DataPrep, or is not a fit artifact");
        foreach (var column in artifact.Source)
        {
            if (!ColumnTypes.TryParse(column.Type, out _, out var error))
                throw new InvalidDataException($"{path}: source column '{column.Name}': {error}");
        }
        return artifact;
    }

    /// <summary>Writes the artifact atomically: a complete temporary file, flushed, then renamed over <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(ToUtf8());
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}

/// <summary>One fitted step in a <see cref="FitArtifact"/>.</summary>
/// <param name="Id">The step's id in the pipeline.</param>
/// <param name="Step">The step's name (<c>impute</c>, <c>normalize</c>, …).</param>
/// <param name="Input">The columns that reached the step when it was fitted.</param>
/// <param name="Fit">The step's own statistics (<see cref="Steps.IFittedStep.SaveFit"/>).</param>
public sealed record FittedStepRecord(string Id, string Step, IReadOnlyList<ColumnInfo> Input, JsonNode Fit);

/// <summary>The fit artifact's JSON metadata, generated at build time (see <see cref="Commit.CommitJson"/>): written between a run's passes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FitArtifact))]
internal sealed partial class FitJson : JsonSerializerContext;
