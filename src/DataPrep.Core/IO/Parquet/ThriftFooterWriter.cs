using System.Buffers;
using Parquet.Meta;
using DataPrep.IO.Parquet.Pages;
using static DataPrep.IO.Parquet.Pages.ThriftCompactReader; // the compact protocol's type ids

namespace DataPrep.IO.Parquet;

/// <summary>
/// Serializes a Parquet footer (<see cref="FileMetaData"/>) in the Thrift compact protocol, for
/// <see cref="ParquetBatchWriter"/>, which assembles files from column chunks that Parquet.Net encoded
/// separately. Parquet.Net 6.1 reads footers through public types but keeps its serializer internal,
/// so this writes the fields of parquet.thrift that its writer fills in. A field it cannot place in the
/// assembled file (page indexes, bloom filters, encryption, geospatial statistics) throws rather than
/// being dropped silently.
/// </summary>
internal sealed class ThriftFooterWriter
{
    private readonly IBufferWriter<byte> _out;
    private readonly Stack<short> _lastIds = new();
    private short _lastId;

    private ThriftFooterWriter(IBufferWriter<byte> output) => _out = output;

    public static byte[] Serialize(FileMetaData meta)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        new ThriftFooterWriter(output).Write(meta);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Appends a page header as Parquet.Net writes it before a page's bytes (data page v1 or dictionary
    /// page; <see cref="Pages.ColumnChunkEncoder"/> writes no other kind).
    /// </summary>
    public static void Serialize(PageHeader header, IBufferWriter<byte> output) => new ThriftFooterWriter(output).Write(header);

    private void Write(PageHeader h)
    {
        BeginStruct();
        I32Field(1, (int)h.Type);
        I32Field(2, h.UncompressedPageSize);
        I32Field(3, h.CompressedPageSize);
        if (h.Crc is { } crc) I32Field(4, crc);
        if (h.DataPageHeader is { } data)
        {
            FieldHeader(5, Struct);
            BeginStruct();
            I32Field(1, data.NumValues);
            I32Field(2, (int)data.Encoding);
            I32Field(3, (int)data.DefinitionLevelEncoding);
            I32Field(4, (int)data.RepetitionLevelEncoding);
            if (data.Statistics is { } stats) { FieldHeader(5, Struct); Write(stats); }
            EndStruct();
        }
        Unsupported(h.IndexPageHeader, "index_page_header");
        if (h.DictionaryPageHeader is { } dictionary)
        {
            FieldHeader(7, Struct);
            BeginStruct();
            I32Field(1, dictionary.NumValues);
            I32Field(2, (int)dictionary.Encoding);
            if (dictionary.IsSorted is { } sorted) BoolField(3, sorted);
            EndStruct();
        }
        Unsupported(h.DataPageHeaderV2, "data_page_header_v2");
        EndStruct();
    }

    private void Write(FileMetaData m)
    {
        BeginStruct();
        I32Field(1, m.Version);
        ListField(2, Struct, m.Schema, Write);
        I64Field(3, m.NumRows);
        ListField(4, Struct, m.RowGroups, Write);
        if (m.KeyValueMetadata is { } kv) ListField(5, Struct, kv, Write);
        if (m.CreatedBy is { } by) StringField(6, by);
        if (m.ColumnOrders is { } orders) ListField(7, Struct, orders, Write);
        Unsupported(m.EncryptionAlgorithm, "encryption_algorithm");
        Unsupported(m.FooterSigningKeyMetadata, "footer_signing_key_metadata");
        EndStruct();
    }

    private void Write(SchemaElement e)
    {
        BeginStruct();
        if (e.Type is { } type) I32Field(1, (int)type);
        if (e.TypeLength is { } length) I32Field(2, length);
        if (e.RepetitionType is { } repetition) I32Field(3, (int)repetition);
        StringField(4, e.Name);
        if (e.NumChildren is { } children) I32Field(5, children);
        if (e.ConvertedType is { } converted) I32Field(6, (int)converted);
        if (e.Scale is { } scale) I32Field(7, scale);
        if (e.Precision is { } precision) I32Field(8, precision);
        if (e.FieldId is { } id) I32Field(9, id);
        if (e.LogicalType is { } logical) { FieldHeader(10, Struct); Write(logical); }
        EndStruct();
    }

    private void Write(LogicalType t)
    {
        BeginStruct();
        if (t.STRING is not null) EmptyStructField(1);
        else if (t.MAP is not null) EmptyStructField(2);
        else if (t.LIST is not null) EmptyStructField(3);
        else if (t.ENUM is not null) EmptyStructField(4);
        else if (t.DECIMAL is { } d)
        {
            FieldHeader(5, Struct);
            BeginStruct();
            I32Field(1, d.Scale);
            I32Field(2, d.Precision);
            EndStruct();
        }
        else if (t.DATE is not null) EmptyStructField(6);
        else if (t.TIME is { } time) TimeField(7, time.IsAdjustedToUTC, time.Unit);
        else if (t.TIMESTAMP is { } ts) TimeField(8, ts.IsAdjustedToUTC, ts.Unit);
        else if (t.INTEGER is { } i)
        {
            FieldHeader(10, Struct);
            BeginStruct();
            FieldHeader(1, ThriftCompactReader.Byte); // qualified: 'Byte' alone is System.Byte
            _out.Write<byte>([unchecked((byte)i.BitWidth)]);
            BoolField(2, i.IsSigned);
            EndStruct();
        }
        else if (t.UNKNOWN is not null) EmptyStructField(11);
        else if (t.JSON is not null) EmptyStructField(12);
        else if (t.BSON is not null) EmptyStructField(13);
        else if (t.UUID is not null) EmptyStructField(14);
        else if (t.FLOAT16 is not null) EmptyStructField(15);
        else throw new NotSupportedException("Parquet footer: this logical type (variant, geometry, geography) is not written by the column-parallel writer");
        EndStruct();
    }

    private void TimeField(short id, bool adjustedToUtc, TimeUnit unit)
    {
        FieldHeader(id, Struct);
        BeginStruct();
        BoolField(1, adjustedToUtc);
        FieldHeader(2, Struct);
        BeginStruct();
        EmptyStructField(unit.MILLIS is not null ? (short)1 : unit.MICROS is not null ? (short)2 : (short)3);
        EndStruct();
        EndStruct();
    }

    private void Write(RowGroup g)
    {
        BeginStruct();
        ListField(1, Struct, g.Columns, Write);
        I64Field(2, g.TotalByteSize);
        I64Field(3, g.NumRows);
        if (g.SortingColumns is { } sorting) ListField(4, Struct, sorting, Write);
        if (g.FileOffset is { } offset) I64Field(5, offset);
        if (g.TotalCompressedSize is { } compressed) I64Field(6, compressed);
        if (g.Ordinal is { } ordinal) { FieldHeader(7, I16); VarInt(ZigZag(ordinal)); }
        EndStruct();
    }

    private void Write(SortingColumn s)
    {
        BeginStruct();
        I32Field(1, s.ColumnIdx);
        BoolField(2, s.Descending);
        BoolField(3, s.NullsFirst);
        EndStruct();
    }

    private void Write(ColumnChunk c)
    {
        BeginStruct();
        if (c.FilePath is { } path) StringField(1, path);
        I64Field(2, c.FileOffset);
        if (c.MetaData is { } meta) { FieldHeader(3, Struct); Write(meta); }
        Unsupported(c.OffsetIndexOffset, "offset_index_offset");
        Unsupported(c.ColumnIndexOffset, "column_index_offset");
        Unsupported(c.CryptoMetadata, "crypto_metadata");
        Unsupported(c.EncryptedColumnMetadata, "encrypted_column_metadata");
        EndStruct();
    }

    private void Write(ColumnMetaData m)
    {
        BeginStruct();
        I32Field(1, (int)m.Type);
        ListField(2, I32, m.Encodings, e => VarInt(ZigZag((int)e)));
        ListField(3, Binary, m.PathInSchema, Bytes);
        I32Field(4, (int)m.Codec);
        I64Field(5, m.NumValues);
        I64Field(6, m.TotalUncompressedSize);
        I64Field(7, m.TotalCompressedSize);
        if (m.KeyValueMetadata is { } kv) ListField(8, Struct, kv, Write);
        I64Field(9, m.DataPageOffset);
        if (m.IndexPageOffset is { } index) I64Field(10, index);
        if (m.DictionaryPageOffset is { } dictionary) I64Field(11, dictionary);
        if (m.Statistics is { } stats) { FieldHeader(12, Struct); Write(stats); }
        if (m.EncodingStats is { } encodingStats) ListField(13, Struct, encodingStats, Write);
        Unsupported(m.BloomFilterOffset, "bloom_filter_offset");
        if (m.SizeStatistics is { } size) { FieldHeader(16, Struct); Write(size); }
        Unsupported(m.GeospatialStatistics, "geospatial_statistics");
        EndStruct();
    }

    private void Write(Statistics s)
    {
        BeginStruct();
        if (s.Max is { } max) BinaryField(1, max);
        if (s.Min is { } min) BinaryField(2, min);
        if (s.NullCount is { } nulls) I64Field(3, nulls);
        if (s.DistinctCount is { } distinct) I64Field(4, distinct);
        if (s.MaxValue is { } maxValue) BinaryField(5, maxValue);
        if (s.MinValue is { } minValue) BinaryField(6, minValue);
        if (s.IsMaxValueExact is { } maxExact) BoolField(7, maxExact);
        if (s.IsMinValueExact is { } minExact) BoolField(8, minExact);
        EndStruct();
    }

    private void Write(SizeStatistics s)
    {
        BeginStruct();
        if (s.UnencodedByteArrayDataBytes is { } bytes) I64Field(1, bytes);
        if (s.RepetitionLevelHistogram is { } repetition) ListField(2, I64, repetition, v => VarInt(ZigZag(v)));
        if (s.DefinitionLevelHistogram is { } definition) ListField(3, I64, definition, v => VarInt(ZigZag(v)));
        EndStruct();
    }

    private void Write(PageEncodingStats s)
    {
        BeginStruct();
        I32Field(1, (int)s.PageType);
        I32Field(2, (int)s.Encoding);
        I32Field(3, s.Count);
        EndStruct();
    }

    private void Write(KeyValue kv)
    {
        BeginStruct();
        StringField(1, kv.Key);
        if (kv.Value is { } value) StringField(2, value);
        EndStruct();
    }

    private void Write(ColumnOrder order)
    {
        BeginStruct();
        if (order.TYPEORDER is not null) EmptyStructField(1);
        EndStruct();
    }

    private static void Unsupported(object? value, string field)
    {
        if (value is not null)
            throw new NotSupportedException($"Parquet metadata: '{field}' is set, which the column-parallel writer does not place in the assembled file");
    }

    private void BeginStruct()
    {
        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    private void EndStruct()
    {
        _out.Write<byte>([0]); // STOP
        _lastId = _lastIds.Pop();
    }

    private void EmptyStructField(short id)
    {
        FieldHeader(id, Struct);
        BeginStruct();
        EndStruct();
    }

    private void FieldHeader(short id, byte type)
    {
        var delta = id - _lastId;
        if (delta is > 0 and <= 15) _out.Write<byte>([(byte)((delta << 4) | type)]);
        else
        {
            _out.Write<byte>([type]);
            VarInt(ZigZag(id));
        }
        _lastId = id;
    }

    private void I32Field(short id, int value)
    {
        FieldHeader(id, I32);
        VarInt(ZigZag(value));
    }

    private void I64Field(short id, long value)
    {
        FieldHeader(id, I64);
        VarInt(ZigZag(value));
    }

    private void BoolField(short id, bool value) => FieldHeader(id, value ? BoolTrue : BoolFalse);

    private void StringField(short id, string value)
    {
        FieldHeader(id, Binary);
        Bytes(value);
    }

    private void BinaryField(short id, byte[] value)
    {
        FieldHeader(id, Binary);
        VarInt((ulong)value.Length);
        _out.Write(value);
    }

    private void ListField<T>(short id, byte elementType, IReadOnlyCollection<T> items, Action<T> write)
    {
        FieldHeader(id, List);
        if (items.Count < 15) _out.Write<byte>([(byte)((items.Count << 4) | elementType)]);
        else
        {
            _out.Write<byte>([(byte)(0xF0 | elementType)]);
            VarInt((ulong)items.Count);
        }
        foreach (var item in items) write(item);
    }

    private void Bytes(string value)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(value);
        VarInt((ulong)length);
        System.Text.Encoding.UTF8.GetBytes(value, _out.GetSpan(length));
        _out.Advance(length);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void VarInt(ulong value) => _out.Advance(Leb128.Write(_out.GetSpan(Leb128.MaxBytes), value));
}
