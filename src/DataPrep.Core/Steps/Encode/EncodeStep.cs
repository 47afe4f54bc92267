using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Encode;

/// <summary>
/// One-hot and ordinal encoding fit a vocabulary per column (counts merged across batches, then
/// <see cref="Vocabulary.Fit"/>) and apply it in parallel; hashing needs no fit and runs as a map step.
/// Each encoded column is replaced in place by its output column(s).
/// </summary>
internal sealed class EncodeStep(EncodeOptions options, string id) : IFittedStep, IMapStep
{
    private Target[] _targets = [];
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => options.Method == EncodeMethod.Hashing ? StepKind.Map : StepKind.Fitted;

    public bool HasReusableFit => options.Method != EncodeMethod.Hashing;

    public Schema Bind(Schema input, BindContext context)
    {
        var targets = new List<Target>();
        for (var i = 0; i < options.Columns.Count; i++)
        {
            var field = context.RequireColumn(input, options.Columns[i], $"columns[{i}]");
            if (field is null) continue;
            if (!CategoryReader.Supports(field.DataType))
            {
                context.Error($"columns[{i}]", DiagnosticCodes.EncodeColumnType, $"column '{field.Name}' is {ColumnTypes.Format(field.DataType)}; encode takes string, integer or boolean columns");
                continue;
            }
            targets.Add(new Target(field.Name, input.GetFieldIndex(field.Name), field.DataType, i));
        }
        _targets = [.. targets];
        var byIndex = _targets.ToDictionary(t => t.Index);
        var fields = new List<Field>();
        for (var c = 0; c < input.FieldsList.Count; c++)
        {
            if (byIndex.TryGetValue(c, out var t)) fields.AddRange(OutputFields(t.Name));
            else fields.Add(input.GetFieldByIndex(c));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (names.Add(f.Name)) continue;
            var clash = _targets.FirstOrDefault(t => OutputFields(t.Name).Any(o => o.Name == f.Name));
            context.Error($"columns[{clash?.Option ?? 0}]", DiagnosticCodes.EncodeOutputClash, $"the encoded column '{f.Name}' already exists; rename one first");
        }
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    private IEnumerable<Field> OutputFields(string column) => options.Method switch
    {
        EncodeMethod.Ordinal => [new Field(column, Int32Type.Default, true)],
        EncodeMethod.Hashing => Enumerable.Range(0, options.NFeatures).Select(i => new Field($"{column}_h{i}", DoubleType.Default, false)),
        _ => Enumerable.Range(0, options.MaxCategories).Select(i => new Field($"{column}_{i}", DoubleType.Default, false))
            .Concat(options.HandleUnknown == UnknownCategoryAction.Other ? [new Field($"{column}_other", DoubleType.Default, false)] : []),
    };

    public string DescribeState() => options.Method == EncodeMethod.Hashing
        ? "none (feature hashing)"
        : $"a vocabulary of at most {options.MaxCategories} categories per column ({_targets.Length} column(s)); counts of every distinct value while fitting";

    public IStatistics CreateStatistics() => new Counts(_targets.Length);

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var counts = (Counts)statistics;
        var buffer = new char[64];
        for (var t = 0; t < _targets.Length; t++)
        {
            var array = input.Column(_targets[t].Index);
            var lookup = counts.PerColumn[t].GetAlternateLookup<ReadOnlySpan<char>>();
            for (var row = 0; row < input.Length; row++)
            {
                var length = CategoryReader.Read(array, row, ref buffer);
                if (length < 0) continue;
                ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, buffer.AsSpan(0, length), out _);
                count++;
            }
        }
    }

    public void Fit(IStatistics merged)
    {
        var counts = (Counts)merged;
        for (var t = 0; t < _targets.Length; t++)
            _targets[t].Vocabulary = Vocabulary.Fit(counts.PerColumn[t], options.MinFrequency, options.MaxCategories, CategoryReader.IsNumeric(_targets[t].Type));
    }

    public JsonNode SaveFit()
    {
        var columns = new JsonObject();
        foreach (var t in _targets)
            columns[t.Name] = new JsonObject { ["type"] = ColumnTypes.Format(t.Type), ["categories"] = new JsonArray([.. t.Vocabulary!.Categories.Select(c => (JsonNode?)JsonValue.Create(c))]) };
        return new JsonObject { ["method"] = EnumName(options.Method), ["columns"] = columns };
    }

    public void LoadFit(JsonNode fit)
    {
        var method = fit["method"]?.GetValue<string>();
        if (method != EnumName(options.Method))
            throw new FitArtifactException($"step {Id}: the fit artifact encodes with '{method}', the pipeline with '{EnumName(options.Method)}'");
        var columns = fit["columns"] as JsonObject ?? throw new FitArtifactException($"step {Id}: the fit artifact has no 'columns'");
        var expected = _targets.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        var saved = columns.Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        if (!expected.SequenceEqual(saved))
            throw new FitArtifactException($"step {Id}: the fit artifact encodes columns [{string.Join(", ", saved)}], the pipeline [{string.Join(", ", expected)}]");
        foreach (var t in _targets)
        {
            var entry = columns[t.Name]!;
            var type = entry["type"]?.GetValue<string>();
            if (type != ColumnTypes.Format(t.Type))
                throw new FitArtifactException($"step {Id}: column '{t.Name}' is {ColumnTypes.Format(t.Type)} here but {type} in the fit artifact");
            var categories = (entry["categories"] as JsonArray ?? throw new FitArtifactException($"step {Id}: column '{t.Name}' has no categories in the fit artifact"))
                .Select(c => c?.GetValue<string>() ?? throw new FitArtifactException($"step {Id}: column '{t.Name}' has a null category in the fit artifact")).ToList();
            if (categories.Count > options.MaxCategories)
                throw new FitArtifactException($"step {Id}: column '{t.Name}' has {categories.Count} categories in the fit artifact, more than max_categories = {options.MaxCategories}");
            if (categories.Distinct(StringComparer.Ordinal).Count() != categories.Count)
                throw new FitArtifactException($"step {Id}: column '{t.Name}' lists a category twice in the fit artifact");
            t.Vocabulary = new Vocabulary(categories);
        }
    }

    public RecordBatch Process(RecordBatch input, BatchContext context) => Apply(input, context);

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var encoded = new Dictionary<int, IArrowArray[]>();
        var buffer = new char[64];
        foreach (var t in _targets) encoded[t.Index] = EncodeColumn(t, input, context, ref buffer);
        var arrays = new List<IArrowArray>();
        for (var c = 0; c < input.ColumnCount; c++)
        {
            if (encoded.TryGetValue(c, out var columns)) arrays.AddRange(columns);
            else arrays.Add(ArrowShare.Retain(input.Column(c)));
        }
        return new RecordBatch(_output, arrays, input.Length);
    }

    private IArrowArray[] EncodeColumn(Target t, RecordBatch input, BatchContext context, ref char[] buffer)
    {
        var array = input.Column(t.Index);
        var n = input.Length;
        return options.Method switch
        {
            EncodeMethod.Hashing => Hashing(array, n, ref buffer),
            EncodeMethod.Ordinal => [Ordinal(t, array, n, context, ref buffer)],
            _ => OneHot(t, array, n, context, ref buffer),
        };
    }

    /// <returns>The row's code; -1 for null or an ignored unknown; the vocabulary size for "other".</returns>
    private int Code(Target t, IArrowArray array, int row, BatchContext context, ref char[] buffer)
    {
        var length = CategoryReader.Read(array, row, ref buffer);
        if (length < 0) return -1;
        var code = t.Vocabulary!.CodeOf(buffer.AsSpan(0, length));
        if (code >= 0) return code;
        context.Count($"encode.unknown.{t.Name}");
        switch (options.HandleUnknown)
        {
            case UnknownCategoryAction.Error:
                context.Quarantine(row, "encode.unknown_category",
                    $"column '{t.Name}': category '{new string(buffer, 0, length)}' is not in the fitted vocabulary (unseen, or rarer than min_frequency)");
                return -1;
            case UnknownCategoryAction.Other:
                return t.Vocabulary.Count;
            default:
                return -1;
        }
    }

    private IArrowArray[] OneHot(Target t, IArrowArray array, int n, BatchContext context, ref char[] buffer)
    {
        var width = options.MaxCategories + (options.HandleUnknown == UnknownCategoryAction.Other ? 1 : 0);
        var columns = new byte[width][];
        for (var k = 0; k < width; k++) columns[k] = new byte[n * sizeof(double)];
        for (var row = 0; row < n; row++)
        {
            var code = Code(t, array, row, context, ref buffer);
            if (code < 0) continue;
            var slot = code == t.Vocabulary!.Count ? options.MaxCategories : code; // "other" is the last column
            MemoryMarshal.Cast<byte, double>(columns[slot].AsSpan())[row] = 1.0;
        }
        return columns.Select(c => (IArrowArray)new DoubleArray(new ArrowBuffer(c), ArrowBuffer.Empty, n, 0, 0)).ToArray();
    }

    private IArrowArray Ordinal(Target t, IArrowArray array, int n, BatchContext context, ref char[] buffer)
    {
        var values = new byte[n * sizeof(int)];
        var codes = MemoryMarshal.Cast<byte, int>(values.AsSpan());
        var validity = new ArrowBuffer.BitmapBuilder(n);
        var nulls = 0;
        for (var row = 0; row < n; row++)
        {
            var code = Code(t, array, row, context, ref buffer);
            validity.Append(code >= 0);
            if (code < 0) nulls++; else codes[row] = code;
        }
        return new Int32Array(new ArrowBuffer(values), nulls == 0 ? ArrowBuffer.Empty : validity.Build(), n, nulls, 0);
    }

    private IArrowArray[] Hashing(IArrowArray array, int n, ref char[] buffer)
    {
        var columns = new byte[options.NFeatures][];
        for (var k = 0; k < columns.Length; k++) columns[k] = new byte[n * sizeof(double)];
        for (var row = 0; row < n; row++)
        {
            var length = CategoryReader.Read(array, row, ref buffer);
            if (length < 0) continue;
            var hash = System.IO.Hashing.XxHash3.HashToUInt64(MemoryMarshal.AsBytes(buffer.AsSpan(0, length)));
            var sign = options.AlternateSign && (hash >> 63) != 0 ? -1.0 : 1.0;
            MemoryMarshal.Cast<byte, double>(columns[(int)((hash & long.MaxValue) % (ulong)columns.Length)].AsSpan())[row] += sign;
        }
        return columns.Select(c => (IArrowArray)new DoubleArray(new ArrowBuffer(c), ArrowBuffer.Empty, n, 0, 0)).ToArray();
    }

    private static string EnumName(EncodeMethod method) => method switch
    {
        EncodeMethod.OneHot => "one_hot",
        EncodeMethod.Ordinal => "ordinal",
        _ => "hashing",
    };

    private sealed class Target(string name, int index, IArrowType type, int option)
    {
        public string Name { get; } = name;

        public int Index { get; } = index;

        public IArrowType Type { get; } = type;

        /// <summary>Position in the options' columns list, for error paths.</summary>
        public int Option { get; } = option;

        public Vocabulary? Vocabulary { get; set; }
    }

    private sealed class Counts(int columns) : IStatistics
    {
        public Dictionary<string, long>[] PerColumn { get; } = Enumerable.Range(0, columns).Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();

        public void Merge(IStatistics other)
        {
            var o = (Counts)other;
            for (var c = 0; c < PerColumn.Length; c++)
                foreach (var (k, v) in o.PerColumn[c]) PerColumn[c][k] = PerColumn[c].GetValueOrDefault(k) + v;
        }
    }
}
