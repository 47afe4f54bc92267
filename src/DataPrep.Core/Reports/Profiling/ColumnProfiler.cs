using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Reports.Sketches;

namespace DataPrep.Reports.Profiling;

/// <summary>
/// The sketches of one column, fed batch by batch and mergeable. A sensitive column keeps counts
/// and a distinct estimate only, so none of its values can reach a report.
/// </summary>
internal sealed class ColumnProfiler
{
    private const ulong NullHash = 0x6A09E667F3BCC908UL;
    private const int MinRowsBeforeCardinalityCheck = 20_000;

    private readonly Field _field;
    private readonly ColumnKind _kind;
    private readonly bool _sensitive;
    private readonly HyperLogLog _distinct = new();
    private readonly Moments? _moments;
    private readonly KllSketch? _quantiles;
    private FrequentItems? _top;
    private long _lengthSum, _lengthCount, _lengthMin = long.MaxValue, _lengthMax = long.MinValue;
    private bool _sampled;
    private readonly TextShapeCounter? _shape;
    private readonly Func<double, string> _format;
    private long _count, _nulls, _nans, _infinities, _true;

    /// <param name="seed">Seeds the quantile sketch's coin (<see cref="KllSketch.SeedOf"/>); 0 for the default.</param>
    public ColumnProfiler(Field field, bool sensitive, ulong seed = 0)
    {
        _field = field;
        _kind = ColumnKinds.Of(field.DataType);
        _sensitive = sensitive;
        _format = FormatterFor(field.DataType);
        if (sensitive) return;
        if (ColumnKinds.IsNumeric(_kind)) { _moments = new(); _quantiles = new(seed); }
        if (_kind is ColumnKind.Integer or ColumnKind.Date or ColumnKind.Timestamp or ColumnKind.Text or ColumnKind.Decimal) _top = new();
        if (_kind == ColumnKind.Text) _shape = new();
    }

    public string Name => _field.Name;

    /// <summary>Adds a batch's column; mixes each value's hash into <paramref name="rowHashes"/>.</summary>
    public void Accumulate(IArrowArray array, Span<ulong> rowHashes)
    {
        _count += array.Length;
        switch (_kind)
        {
            case ColumnKind.Integer or ColumnKind.Float or ColumnKind.Decimal or ColumnKind.Date or ColumnKind.Timestamp:
                AccumulateNumbers(array, rowHashes);
                break;
            case ColumnKind.Boolean:
                var b = (BooleanArray)array;
                for (var i = 0; i < b.Length; i++)
                {
                    if (b.IsNull(i)) { _nulls++; Mix(rowHashes, i, NullHash); continue; }
                    var h = HyperLogLog.Mix(b.GetValue(i)!.Value ? 1UL : 2UL);
                    if (b.GetValue(i)!.Value) _true++;
                    _distinct.Add(h);
                    Mix(rowHashes, i, h);
                }
                break;
            case ColumnKind.Text or ColumnKind.Binary:
                AccumulateBytes((BinaryArray)array, rowHashes);
                break;
            default:
                for (var i = 0; i < array.Length; i++)
                {
                    if (array.IsNull(i)) { _nulls++; Mix(rowHashes, i, NullHash); }
                }
                break;
        }
        CheckCardinality();
    }

    /// <summary>A column with mostly distinct values has no meaningful top values; stop paying for them (after a batch or a merge).</summary>
    private void CheckCardinality()
    {
        if (_top is not null && _count - _nulls >= MinRowsBeforeCardinalityCheck && _top.MaxUndercount > 0)
        {
            var top = _top.Top(1);
            if (top.Count == 0 || top[0].Count < 2 * _top.MaxUndercount) { _top = null; HighCardinality = true; }
        }
    }

    /// <summary>True when top values were given up because the column has too many distinct values.</summary>
    public bool HighCardinality { get; private set; }

    /// <summary>Gives up top values from the start: for a partial whose top values a merge would drop (the profile it merges into has given them up).</summary>
    public void GiveUpTopValues()
    {
        if (_top is null) return;
        _top = null;
        HighCardinality = true;
    }

    /// <summary>
    /// Quantiles, top values and text shapes see a systematic sample of a large batch: every
    /// 2^level-th value, each standing for 2^level (so a 65,536-row batch feeds 4,096). Counts, nulls,
    /// NaN, distinct estimates, moments, min, max and lengths always see every value. The sample enters
    /// the quantile sketch as one block (<see cref="KllSketch.AddBlock"/>): one sort, not one compaction per few hundred values.
    /// </summary>
    private const int SampleTarget = 4096;

    private static int SampleLevel(int values) => values <= 2 * SampleTarget ? 0 : System.Numerics.BitOperations.Log2((uint)(values / SampleTarget));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void AccumulateNumbers(IArrowArray array, Span<ulong> rowHashes)
    {
        var n = array.Length;
        var buffer = ArrayPool<double>.Shared.Rent(n);
        var finite = ArrayPool<double>.Shared.Rent(n);
        try
        {
            NumberReader.Read(array, buffer.AsSpan(0, n));
            var m = 0;
            // The validity bitmap read in place: IArrowArray.IsNull is an interface call per value.
            var validity = array.NullCount > 0 ? array.Data.Buffers[0].Span : default;
            var offset = array.Offset;
            for (var i = 0; i < n; i++)
            {
                if (!validity.IsEmpty && (validity[(offset + i) >> 3] & (1 << ((offset + i) & 7))) == 0) { _nulls++; Mix(rowHashes, i, NullHash); continue; }
                var v = buffer[i];
                var h = HyperLogLog.Mix((ulong)BitConverter.DoubleToInt64Bits(v == 0 ? 0 : v));
                Mix(rowHashes, i, h);
                if (double.IsNaN(v)) { _nans++; continue; }
                _distinct.Add(h);
                if (double.IsFinite(v)) finite[m++] = v;
                else _infinities++;
            }
            if (_sensitive) return;
            _moments!.AddRange(finite.AsSpan(0, m));
            var level = SampleLevel(m);
            var stride = 1 << level;
            _sampled |= level > 0;
            var sampled = 0;
            for (var j = 0; j < m; j += stride)
            {
                var v = finite[j];
                _top?.Add(HyperLogLog.Mix((ulong)BitConverter.DoubleToInt64Bits(v == 0 ? 0 : v)), v, _format, stride);
                buffer[sampled++] = v; // the raw values are no longer needed: reuse their buffer for the sample
            }
            _quantiles!.AddBlock(buffer.AsSpan(0, sampled), level);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
            ArrayPool<double>.Shared.Return(finite);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void AccumulateBytes(BinaryArray array, Span<ulong> rowHashes)
    {
        var text = _kind == ColumnKind.Text;
        var valued = array.Length - array.NullCount;
        var level = _sensitive || !text ? 0 : SampleLevel(valued);
        var stride = 1 << level;
        _sampled |= level > 0;
        var seen = 0;
        // Offsets, values and validity read once: GetBytes checks validity and slices the offsets per call.
        var offsets = array.ValueOffsets;
        var values = array.ValueBuffer.Span;
        var validity = array.NullCount > 0 ? array.Data.Buffers[0].Span : default;
        var offset = array.Offset;
        for (var i = 0; i < array.Length; i++)
        {
            if (!validity.IsEmpty && (validity[(offset + i) >> 3] & (1 << ((offset + i) & 7))) == 0) { _nulls++; Mix(rowHashes, i, NullHash); continue; }
            var bytes = values.Slice(offsets[i], offsets[i + 1] - offsets[i]);
            var h = XxHash3.HashToUInt64(bytes);
            _distinct.Add(h);
            Mix(rowHashes, i, h);
            if (_sensitive) continue;
            long length = text && !Ascii.IsValid(bytes) ? Encoding.UTF8.GetCharCount(bytes) : bytes.Length;
            _lengthSum += length;
            _lengthCount++;
            if (length < _lengthMin) _lengthMin = length;
            if (length > _lengthMax) _lengthMax = length;
            if (!text || (seen++ & (stride - 1)) != 0) continue;
            _shape!.Add(bytes, stride);
            _top?.Add(h, bytes, stride);
        }
    }

    private static void Mix(Span<ulong> rowHashes, int row, ulong h) => rowHashes[row] = HyperLogLog.Mix(rowHashes[row] ^ h);

    public void Merge(ColumnProfiler other)
    {
        _count += other._count; _nulls += other._nulls; _nans += other._nans; _infinities += other._infinities; _true += other._true;
        _distinct.Merge(other._distinct);
        if (other._moments is not null) _moments!.Merge(other._moments);
        if (other._quantiles is not null) _quantiles!.Merge(other._quantiles);
        _lengthSum += other._lengthSum;
        _lengthCount += other._lengthCount;
        _lengthMin = Math.Min(_lengthMin, other._lengthMin);
        _lengthMax = Math.Max(_lengthMax, other._lengthMax);
        _sampled |= other._sampled;
        if (other._shape is not null) _shape!.Merge(other._shape);
        if (other.HighCardinality || _top is null || other._top is null) { HighCardinality |= other.HighCardinality; _top = HighCardinality ? null : _top; }
        else _top.Merge(other._top);
        CheckCardinality();
    }

    public ColumnProfile Finish(int topValues = 10)
    {
        var numeric = _moments is { Count: > 0 } ? NumericFinish() : null;
        return new ColumnProfile
        {
            Name = _field.Name,
            Type = ColumnTypes.Format(_field.DataType),
            Sensitive = _sensitive,
            Count = _count,
            Nulls = _nulls,
            NaNs = _nans,
            Infinities = _infinities,
            NullRate = _count == 0 ? 0 : (double)_nulls / _count,
            DistinctEstimate = Math.Min(_distinct.Estimate(), _count - _nulls),
            Numeric = numeric,
            TopValues = _top?.Top(topValues).Select(t => new ValueCount { Value = t.Label, Count = t.Count }).ToList(),
            TopValuesExact = !_sampled && (_top?.Exact ?? false),
            Lengths = _lengthCount > 0 ? new LengthSummary { Min = _lengthMin, Max = _lengthMax, Mean = Round((double)_lengthSum / _lengthCount) } : null,
            Shape = _shape?.Finish(),
            TrueCount = _kind == ColumnKind.Boolean && !_sensitive ? _true : null,
        };
    }

    public static readonly double[] QuantileRanks = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    private NumericSummary NumericFinish()
    {
        var m = _moments!;
        var q = _quantiles!.Quantiles(QuantileRanks);
        var percentiles = _quantiles.Quantiles(Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray());
        percentiles[0] = m.Min;
        percentiles[100] = m.Max;
        return new NumericSummary
        {
            Min = m.Min,
            Max = m.Max,
            Mean = Round(m.Mean),
            StdDev = Round(m.StdDev),
            Quantiles = QuantileRanks.Select((r, i) => (Key: "p" + ((int)Math.Round(r * 100)).ToString("D2", CultureInfo.InvariantCulture), Value: q[i]))
                .ToDictionary(x => x.Key, x => x.Value),
            Percentiles = percentiles,
            Histogram = BuildHistogram(m.Min, m.Max),
        };
    }

    private Histogram BuildHistogram(double min, double max)
    {
        int bins;
        double width;
        if (_kind != ColumnKind.Float && max - min < 20)
        {
            // Whole numbers over a short range: one bin per value.
            bins = (int)(max - min) + 1;
            width = 1;
        }
        else
        {
            bins = max > min ? 20 : 1;
            width = max > min ? (max - min) / bins : 1;
        }
        var edges = new double[bins + 1];
        for (var i = 0; i <= bins; i++) edges[i] = min + i * width;
        var mass = new double[bins];
        var (values, weights) = _quantiles!.Items();
        double total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var bin = (int)Math.Floor((values[i] - min) / width);
            mass[Math.Clamp(bin, 0, bins - 1)] += weights[i];
            total += weights[i];
        }
        // A sampled sketch's weights only approximate the count: scale the bins to the exact count.
        var exact = _moments!.Count;
        var counts = mass.Select(x => (long)Math.Round(x * exact / Math.Max(1, total))).ToArray();
        return new Histogram { Edges = edges, Counts = counts };
    }

    private static double Round(double v) => double.IsFinite(v) ? Math.Round(v, 6) : v;

    /// <summary>Labels of top values: dates and timestamps in the form pipeline files write them.</summary>
    private static Func<double, string> FormatterFor(IArrowType type) => type switch
    {
        Date32Type or Date64Type => v => DateOnly.FromDayNumber(719_162 + (int)v).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimestampType t => v => ArrowValues.Format(DateTimeOffset.UnixEpoch.AddTicks((long)v * t.Unit switch
        {
            TimeUnit.Second => TimeSpan.TicksPerSecond,
            TimeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
            TimeUnit.Microsecond => 10,
            _ => 1,
        } / (t.Unit == TimeUnit.Nanosecond ? 100 : 1))),
        _ => v => v.ToString("R", CultureInfo.InvariantCulture),
    };
}
