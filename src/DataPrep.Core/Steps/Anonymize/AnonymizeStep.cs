using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Steps.Anonymize.Pii;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// Protects the columns named in its options (a map step); with <c>k_anonymity</c> it first counts
/// the equivalence classes of the protected quasi-identifiers (a fitted step), then suppresses rows
/// of small classes. Every column it protects is a sensitive column: the engine keeps its raw values
/// out of quarantine and drop records, and writers keep statistics and dictionaries off it.
/// </summary>
internal sealed class AnonymizeStep(AnonymizeOptions options, string id) : IMapStep, IMeasuresReleasedRows
{
    /// <summary>Field metadata key the step sets on the columns it protects (writers read it).</summary>
    public const string SensitiveMetadataKey = "dataprep.sensitive";

    private (int Source, ColumnTransform? Transform)[] _columns = [];
    private int[] _quasiIdentifiers = [];
    private Schema _output = null!;
    private Dictionary<UInt128, long>? _classes;

    public string Id { get; } = id;

    public StepKind Kind => options.KAnonymity is null ? StepKind.Map : StepKind.Fitted;

    public IEnumerable<string> SensitiveColumns => options.Columns.Keys;

    /// <summary>The k-anonymity measurement, once fitted.</summary>
    public KAnonymityMeasurement? Measurement { get; private set; }

    /// <summary>The k-anonymity measurement as the manifest, report and explain show it, once fitted.</summary>
    public KAnonymitySummary? KAnonymity { get; private set; }

    public Schema Bind(Schema input, BindContext context)
    {
        AnonymizeKey? key = null;
        if (options.NeedsKey)
        {
            key = AnonymizeKey.TryLoad(options.KeyEnv, options.KeyFile, out var code, out var error);
            if (key is null) context.Error(options.KeyEnv is not null ? "key_env" : "key_file", code, error);
        }
        var transforms = new Dictionary<string, ColumnTransform?>(StringComparer.Ordinal);
        foreach (var (name, column) in options.Columns)
        {
            var member = $"columns.{name}";
            if (context.RequireColumn(input, name, member) is not { } field) continue;
            transforms[name] = column.Method == AnonymizeMethod.Drop ? null : Create(field, column, key, member, context);
        }
        var fields = new List<Field>();
        var columns = new List<(int, ColumnTransform?)>();
        for (var i = 0; i < input.FieldsList.Count; i++)
        {
            var field = input.GetFieldByIndex(i);
            if (!options.Columns.TryGetValue(field.Name, out var column)) { fields.Add(field); columns.Add((i, null)); continue; }
            if (column.Method == AnonymizeMethod.Drop) continue;
            var transform = transforms.GetValueOrDefault(field.Name);
            var metadata = new Dictionary<string, string>(field.Metadata ?? new Dictionary<string, string>()) { [SensitiveMetadataKey] = "true" };
            var nullable = field.IsNullable || column.Method == AnonymizeMethod.Noise;
            fields.Add(new Field(field.Name, transform?.OutputType ?? field.DataType, nullable, metadata));
            columns.Add((i, transform));
        }
        _columns = [.. columns];
        _output = new Schema(fields, input.Metadata);
        if (options.KAnonymity is { } k)
        {
            _quasiIdentifiers = k.QuasiIdentifiers.Select((q, i) =>
            {
                if (_output.GetFieldIndex(q) is >= 0 and var index) return index;
                context.Error($"k_anonymity.quasi_identifiers[{i}]", DiagnosticCodes.UnknownColumn,
                    $"column '{q}' is not in this step's output (dropped or missing); columns are: {string.Join(", ", _output.FieldsList.Select(f => f.Name))}");
                return -1;
            }).ToArray();
        }
        return _output;
    }

    /// <summary>
    /// Bytes per slot of the class table (<c>Dictionary&lt;UInt128, long&gt;</c>): a 48-byte entry (hash code,
    /// next index, 16-byte key aligned to 16, count) and a 4-byte bucket, measured on .NET 10 x64.
    /// The table grows by doubling, so it has between 1 and about 2 slots per class.
    /// </summary>
    internal const int ClassTableSlotBytes = 52;

    public string DescribeState()
    {
        if (options.KAnonymity is not { } k) return "none";
        var state = $"the class table of k-anonymity (k = {k.K} over {string.Join(", ", k.QuasiIdentifiers)}; suppress: {EnumNamesOf(k.Suppress)}): " +
            $"a 128-bit hash and a count per equivalence class, {ClassTableSlotBytes}-{2 * ClassTableSlotBytes} bytes a class, at most one class per row " +
            $"(at most {2 * ClassTableSlotBytes} MB per million rows; global by nature)";
        return KAnonymity is { } fitted ? state + $"; the last fit held {fitted.Classes:N0} classes of {fitted.Rows:N0} rows in {fitted.ClassTableBytes:N0} bytes" : state;
    }

    private static ColumnTransform? Create(Field field, ColumnAnonymization column, AnonymizeKey? key, string member, BindContext context)
    {
        var type = field.DataType;
        var isString = type is StringType;
        bool Require(bool ok, string what)
        {
            if (!ok) context.Error(member, DiagnosticCodes.ColumnType, $"{EnumNamesOf(column.Method)} {what}; column '{field.Name}' is {ColumnTypes.Format(type)}");
            return ok;
        }
        switch (column.Method)
        {
            case AnonymizeMethod.Mask:
                return Require(isString, "needs a string column")
                    ? new MaskTransform(column.KeepLast, column.Pattern is null ? null : new Regex(column.Pattern, RegexOptions.CultureInvariant), column.MaskChar[0])
                    : null;
            case AnonymizeMethod.Generalize when column.BinWidth is not null || column.Bins is not null:
                return Require(ColumnTypes.IsNumeric(type), "with bins needs a numeric column") ? new BinTransform(column.BinWidth, column.Bins?.ToArray()) : null;
            case AnonymizeMethod.Generalize when column.DateTo is { } to:
                return Require(type is Date32Type or Date64Type or TimestampType, "with date_to needs a date or timestamp column") ? new DateTransform(to) : null;
            case AnonymizeMethod.Generalize:
                return Require(isString, "with keep_prefix or hierarchy needs a string column")
                    ? new CategoryTransform(column.KeepPrefix, column.Hierarchy, column.Levels, column.Other)
                    : null;
            case AnonymizeMethod.Pseudonymize:
                return key is null ? null : new PseudonymizeTransform(new Pseudonymizer(key.PseudonymKey), column.FormatPreserving);
            case AnonymizeMethod.Encrypt:
                return key is null ? null : new EncryptTransform(new ValueEncryptor(key));
            case AnonymizeMethod.Noise:
                return Require(ColumnTypes.IsNumeric(type), "needs a numeric column")
                    ? new NoiseTransform(new SnappingLaplace(column.Epsilon!.Value, column.Clip![0], column.Clip[1]), $"anonymize.noise/{field.Name}")
                    : null;
            case AnonymizeMethod.RedactPii:
                if (!Require(isString, "needs a string column")) return null;
                if (column.ReplaceWith == PiiReplacement.Pseudonym && key is null) return null;
                return new RedactTransform(new PiiRedactor(column.Entities, null, column.ReplaceWith == PiiReplacement.Pseudonym ? new Pseudonymizer(key!.PseudonymKey) : null));
            default:
                return null;
        }
    }

    private static string EnumNamesOf(Enum m) => Definition.Binding.EnumNames.NameOf(m);

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var arrays = new IArrowArray[_columns.Length];
        try
        {
            for (var c = 0; c < _columns.Length; c++)
            {
                var (source, transform) = _columns[c];
                arrays[c] = transform is null ? ArrowShare.Retain(input.Column(source)) : transform.Apply(input.Column(source), context);
            }
        }
        catch
        {
            foreach (var a in arrays) a?.Dispose();
            throw;
        }
        return new RecordBatch(_output, arrays, input.Length);
    }

    public IStatistics CreateStatistics() => new ClassCounts();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        using var output = Process(input, context);
        var counts = ((ClassCounts)statistics).Counts;
        foreach (var hash in RowHasher.Hash(output, _quasiIdentifiers))
            counts[hash] = counts.GetValueOrDefault(hash) + 1;
    }

    public void Fit(IStatistics merged)
    {
        _classes = ((ClassCounts)merged).Counts;
        Measurement = KAnonymityMeasurement.From(_classes.Values, options.KAnonymity!.K);
        KAnonymity = KAnonymitySummary.From(Id, options.KAnonymity, _classes.Values, (long)_classes.EnsureCapacity(0) * ClassTableSlotBytes);
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var output = Process(input, context);
        var k = options.KAnonymity!;
        if (k.Suppress == SuppressAction.None) return output;
        var hashes = RowHasher.Hash(output, _quasiIdentifiers);
        for (var row = 0; row < hashes.Length; row++)
        {
            var size = _classes![hashes[row]];
            if (size >= k.K) continue;
            // The message names the class size, never the values: they are sensitive.
            var message = $"equivalence class of {size} row(s) on ({string.Join(", ", k.QuasiIdentifiers)}) is smaller than k = {k.K}";
            if (k.Suppress == SuppressAction.Quarantine) context.Quarantine(row, "anonymize.k_anonymity", message);
            else context.Drop(row, "anonymize.k_anonymity", message);
        }
        return output;
    }

    public JsonNode SaveFit() => throw new NotSupportedException($"step {Id}: k-anonymity classes describe particular rows and are measured again in every run");

    private sealed class ClassCounts : IStatistics
    {
        public Dictionary<UInt128, long> Counts { get; } = [];

        public void Merge(IStatistics other)
        {
            foreach (var (hash, count) in ((ClassCounts)other).Counts) Counts[hash] = Counts.GetValueOrDefault(hash) + count;
        }
    }
}
