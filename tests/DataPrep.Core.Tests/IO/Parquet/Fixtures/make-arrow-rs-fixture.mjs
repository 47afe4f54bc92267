// Writes arrow-rs.parquet with the Rust parquet crate (arrow-rs, through parquet-wasm) as a
// fixture from a writer other than ours and DuckDB's: dictionary-encoded strings, row groups
// of 64 rows, nullable and required columns. Values follow formulas the C# test repeats.
//   npm install parquet-wasm@0.8.0 apache-arrow@21.2.0 && node make-arrow-rs-fixture.mjs
import * as arrow from "apache-arrow";
import { writeFileSync } from "node:fs";
import * as pq from "parquet-wasm";

const n = 300;
const range = (f) => Array.from({ length: n }, (_, i) => f(i));
const nullable = (f, every) => range((i) => (i % every === 3 ? null : f(i)));
const cities = ["Oslo", "Lima", "Pune", "Kobe"];

const vector = (type, values) => arrow.vectorFromArray(values, type);
const columns = {
  id: vector(new arrow.Int64(), range((i) => BigInt(i) * 1000000007n)),
  i8: vector(new arrow.Int8(), nullable((i) => (i % 256) - 128, 7)),
  i16: vector(new arrow.Int16(), nullable((i) => i * 100 - 15000, 11)),
  i32: vector(new arrow.Int32(), range((i) => i * 7919 - 1000000)),
  f32: vector(new arrow.Float32(), nullable((i) => i / 4, 5)),
  f64: vector(new arrow.Float64(), nullable((i) => i * 1.5 - 0.25, 13)),
  flag: vector(new arrow.Bool(), nullable((i) => i % 3 === 0, 17)),
  city: vector(new arrow.Utf8(), nullable((i) => cities[i % 4], 9)),
  note: vector(new arrow.Utf8(), range((i) => `note ${i} ünïcødé`)),
  blob: vector(new arrow.Binary(), nullable((i) => new Uint8Array([i % 256, (i * 3) % 256]), 19)),
  day: vector(new arrow.DateDay(), nullable((i) => new Date(Date.UTC(2020, 0, 1 + i)), 23)),
  at: vector(new arrow.TimestampMicrosecond("UTC"), nullable((i) => Date.UTC(2021, 5, 1) + i * 3600000, 29)),
};
// id and note are REQUIRED in the file; the others OPTIONAL.
const required = new Set(["id", "note"]);
const fields = Object.entries(columns).map(([name, v]) => new arrow.Field(name, v.type, !required.has(name)));
const schema = new arrow.Schema(fields);
const data = arrow.makeData({
  type: new arrow.Struct(fields),
  length: n,
  nullCount: 0,
  children: Object.values(columns).map((v) => v.data[0]),
});
const table = new arrow.Table([new arrow.RecordBatch(schema, data)]);

const properties = new pq.WriterPropertiesBuilder()
  .setMaxRowGroupSize(64)
  .setDictionaryEnabled(true)
  .setCompression(pq.Compression.SNAPPY)
  .setCreatedBy("arrow-rs via parquet-wasm 0.8.0 (DataPrep test fixture)")
  .build();
const bytes = pq.writeParquet(pq.Table.fromIPCStream(arrow.tableToIPC(table, "stream")), properties);
writeFileSync("arrow-rs.parquet", bytes);
console.log(`wrote arrow-rs.parquet: ${bytes.length} bytes, ${n} rows`);
