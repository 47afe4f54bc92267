using Parquet;
using Parquet.Schema;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>Files written by Parquet.Net alone: every type it maps to ours, with and without nulls.</summary>
internal static class ParquetNetFiles
{
    private static readonly Field[] Fields =
    [
        new DataField<long>("id"), new DataField<int?>("i32"), new DataField<sbyte?>("i8"), new DataField<byte>("u8"),
        new DataField<short?>("i16"), new DataField<ushort>("u16"), new DataField<uint?>("u32"), new DataField<ulong>("u64"),
        new DataField<float?>("f"), new DataField<double>("d"), new DataField<bool?>("b"), new DataField<bool>("b_req"),
        new DataField("s", typeof(string), true), new DataField("low", typeof(string), false), new DataField("bin", typeof(byte[]), true),
        new DataField<DateOnly?>("dt"),
        new DateTimeDataField("ts", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        new DateTimeDataField("ts_ms", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false),
        new DecimalDataField("dec9", 9, 2, isNullable: true), new DecimalDataField("dec18", 18, 4, isNullable: false),
        new DataField<int?>("all_null"),
    ];

    public static int ColumnCount => Fields.Length;

    /// <summary><paramref name="rows"/> rows in groups of <paramref name="groupSize"/>, then <paramref name="emptyGroups"/> empty ones.</summary>
    public static async Task WriteAllTypesAsync(string file, CompressionMethod codec, bool dictionary, int rows, int groupSize, int emptyGroups)
    {
        var schema = new ParquetSchema(Fields);
        var data = schema.DataFields;
        var options = new ParquetOptions { CompressionMethod = codec };
        // A dictionary hint on every column; otherwise Parquet.Net's own choice (PLAIN for most).
        if (dictionary)
            foreach (var field in data) options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        await using var stream = File.Create(file);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, options);
        var groups = Enumerable.Range(0, rows / groupSize).Select(g => (Start: g * groupSize, Count: groupSize))
            .Concat(Enumerable.Repeat((Start: rows, Count: 0), emptyGroups));
        foreach (var (start, count) in groups)
        {
            using var group = writer.CreateRowGroup();
            var i = Enumerable.Range(start, count).ToArray();
            await group.WriteAsync<long>(data[0], i.Select(v => (long)v * 1_000_000_007).ToArray());
            await group.WriteAsync<int>(data[1], i.Select(v => v % 7 == 0 ? (int?)null : v * 31 - 5000).ToArray());
            await group.WriteAsync<sbyte>(data[2], i.Select(v => v % 5 == 0 ? (sbyte?)null : (sbyte)(v % 250 - 125)).ToArray());
            await group.WriteAsync<byte>(data[3], i.Select(v => (byte)v).ToArray());
            await group.WriteAsync<short>(data[4], i.Select(v => v % 3 == 0 ? (short?)null : (short)(v * 7 - 20000)).ToArray());
            await group.WriteAsync<ushort>(data[5], i.Select(v => (ushort)(v * 13)).ToArray());
            await group.WriteAsync<uint>(data[6], i.Select(v => v % 4 == 0 ? (uint?)null : uint.MaxValue - (uint)v).ToArray());
            await group.WriteAsync<ulong>(data[7], i.Select(v => ulong.MaxValue - (ulong)v * 3).ToArray());
            await group.WriteAsync<float>(data[8], i.Select(v => v % 6 == 0 ? (float?)null : v / 3f).ToArray());
            await group.WriteAsync<double>(data[9], i.Select(v => v / 7.0 - 100).ToArray());
            await group.WriteAsync<bool>(data[10], i.Select(v => v % 3 == 0 ? (bool?)null : v % 2 == 0).ToArray());
            await group.WriteAsync<bool>(data[11], i.Select(v => v % 5 < 2).ToArray());
            await group.WriteAsync(data[12], i.Select(v => v % 4 == 0 ? null : $"välue {v} " + new string('z', v % 13)).ToArray());
            await group.WriteAsync(data[13], i.Select(v => $"k{v % 6}").ToArray());
            await group.WriteAsync(data[14], i.Select(v => v % 5 == 0 ? null : System.Text.Encoding.UTF8.GetBytes($"b{v}")).ToArray());
            await group.WriteAsync<DateOnly>(data[15], i.Select(v => v % 8 == 0 ? (DateOnly?)null : new DateOnly(1950, 1, 1).AddDays(v * 11)).ToArray());
            await group.WriteAsync<DateTime>(data[16], i.Select(v => v % 9 == 0 ? (DateTime?)null : new DateTime(1960, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(v * 98_765_432_10L)).ToArray());
            await group.WriteAsync<DateTime>(data[17], i.Select(v => new DateTime(2001, 2, 3, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(v * 1234.0)).ToArray());
            await group.WriteAsync<decimal>(data[18], i.Select(v => v % 10 == 0 ? (decimal?)null : (v - 1500) / 7m).Select(v => v is null ? v : Math.Round(v.Value, 2)).ToArray());
            await group.WriteAsync<decimal>(data[19], i.Select(v => Math.Round((v - 1500) * 12345.6789m, 4)).ToArray());
            await group.WriteAsync<int>(data[20], i.Select(_ => (int?)null).ToArray());
        }
    }
}
