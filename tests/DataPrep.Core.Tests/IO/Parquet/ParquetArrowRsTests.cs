using DataPrep.IO;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// A file from a third writer, the Rust parquet crate (arrow-rs, through parquet-wasm; see
/// Fixtures/make-arrow-rs-fixture.mjs): row groups of 64 rows, dictionary-encoded pages,
/// nullable and required columns. Our reader must see what DuckDB sees.
/// </summary>
public sealed class ParquetArrowRsTests
{
    private static readonly string File = Path.Combine(AppContext.BaseDirectory, "IO", "Parquet", "Fixtures", "arrow-rs.parquet");

    [Fact]
    public async Task ReadAsync_ArrowRsFile_SameValuesAsDuckDbReads()
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = File } }, "/");

        var chunks = await TestBatches.ReadAllAsync(source, File, new ReadRequest(null, 50, 2));

        var expected = DuckDbQuery.Rows($"""
            SELECT id, i8, i16, i32, f32, f64, flag, city, note, to_base64(blob) AS blob,
                   (day - DATE '1970-01-01')::INTEGER AS day, epoch_us("at") AS "at"
            FROM read_parquet('{File}')
            """);
        expected.Should().HaveCount(300);
        TestBatches.Rows(chunks.Select(c => c.Batch)).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Fixture_IsWhatItClaims_SeveralRowGroupsDictionaryPagesAndARequiredColumn()
    {
        var meta = DuckDbQuery.Rows($"SELECT count(DISTINCT row_group_id), bool_or(encodings LIKE '%DICTIONARY%') FROM parquet_metadata('{File}')")[0];
        meta[0].Should().Be(5L);
        meta[1].Should().Be(true);
        var createdBy = (string)DuckDbQuery.Rows($"SELECT created_by FROM parquet_file_metadata('{File}')")[0][0]!;
        createdBy.Should().Contain("arrow-rs");

        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = File } }, "/");
        var schema = await source.ReadSchemaAsync(File, CancellationToken.None);
        schema.GetFieldByName("id").IsNullable.Should().BeFalse();
        schema.GetFieldByName("city").IsNullable.Should().BeTrue();
    }
}
