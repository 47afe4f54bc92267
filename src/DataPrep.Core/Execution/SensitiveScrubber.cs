using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// Keeps the raw values of sensitive columns (those a step of the plan protects, by name) out of
/// quarantine and drop records, whichever step wrote them, before or after the protecting step:
/// a value becomes <c>"&lt;sensitive&gt;"</c> (null stays null, so the record still says whether
/// there was one), every occurrence of it in the record's message is replaced the same way, and
/// unparseable source lines, which cannot be split into columns reliably, lose their raw text.
/// Keyless on purpose: a hash of the value would give it back to a dictionary attack.
/// </summary>
internal sealed partial class SensitiveScrubber(IReadOnlySet<string> sensitive)
{
    public const string Marker = "<sensitive>";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public RowRecord Scrub(RowRecord record)
    {
        if (record.Values is null) return record;
        var values = JsonNode.Parse(record.Values) as JsonObject;
        if (values is null) return record;
        if (record.StepId == SourceProducer.StepId && values.ContainsKey("raw"))
        {
            var message = QuotedValue().Replace(record.Message, $"{Marker} is not a");
            return record with { Values = new JsonObject { ["raw"] = "<withheld: the plan has sensitive columns>" }.ToJsonString(Readable), Message = message };
        }
        var raw = new List<string>();
        foreach (var name in sensitive)
        {
            if (!values.TryGetPropertyValue(name, out var value) || value is null) continue;
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
            if (text.Length > 0) raw.Add(text);
            values[name] = Marker;
        }
        if (raw.Count == 0) return record;
        var scrubbed = record.Message;
        // Longest first, so a value that contains another is replaced whole.
        foreach (var text in raw.OrderByDescending(t => t.Length)) scrubbed = scrubbed.Replace(text, Marker, StringComparison.Ordinal);
        return record with { Values = values.ToJsonString(Readable), Message = scrubbed };
    }

    [GeneratedRegex("'[^']*' is not a")]
    private static partial Regex QuotedValue();
}
