using System.Collections;
using System.Text;
using DataPrep.Definition.Binding;

namespace DataPrep.Definition.Yaml;

/// <summary>
/// Writes options objects as block-style YAML with the binder's naming rules, so the text binds
/// back to an equal object. Null optional values are left out; everything else is written,
/// defaults included, so a file shows the full effective configuration.
/// </summary>
internal sealed class YamlWriter
{
    private readonly StringBuilder _sb = new();

    public static string Write(object options)
    {
        var w = new YamlWriter();
        w.WriteEntries(Entries(options), indent: 0, inlineFirst: false);
        return w._sb.Length == 0 ? "{}\n" : w._sb.ToString();
    }

    private void WriteEntries(IReadOnlyList<(string Key, object Value)> entries, int indent, bool inlineFirst)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0 || !inlineFirst) _sb.Append(' ', indent);
            _sb.Append(YamlScalarFormatter.String(entries[i].Key)).Append(':');
            WriteValue(entries[i].Value, indent);
        }
    }

    /// <summary>Writes what follows <c>key:</c> or <c>-</c>, the line break included.</summary>
    private void WriteValue(object value, int indent)
    {
        if (Scalar(value) is { } scalar)
        {
            _sb.Append(' ').Append(scalar).Append('\n');
        }
        else if (value is IList list)
        {
            if (list.Count == 0)
            {
                _sb.Append(" []\n");
                return;
            }
            _sb.Append('\n');
            foreach (var item in list) WriteItem(item!, indent + 2);
        }
        else
        {
            var entries = Entries(value);
            if (entries.Count == 0)
            {
                _sb.Append(" {}\n");
                return;
            }
            _sb.Append('\n');
            WriteEntries(entries, indent + 2, inlineFirst: false);
        }
    }

    private void WriteItem(object item, int indent)
    {
        _sb.Append(' ', indent).Append('-');
        var entries = Scalar(item) is null && item is not IList ? Entries(item) : null;
        if (entries is { Count: > 0 })
        {
            _sb.Append(' ');
            WriteEntries(entries, indent + 2, inlineFirst: true);
        }
        else
        {
            WriteValue(item, indent);
        }
    }

    private static string? Scalar(object value) => value switch
    {
        string s => YamlScalarFormatter.String(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => YamlScalarFormatter.Number(d),
        float f => YamlScalarFormatter.Number(f),
        Enum e => YamlScalarFormatter.String(EnumNames.NameOf(e)),
        _ => null,
    };

    /// <summary>The key/value pairs of a dictionary, a step or an options object, nulls left out.</summary>
    private static IReadOnlyList<(string Key, object Value)> Entries(object value)
    {
        var entries = new List<(string, object)>();
        switch (value)
        {
            case IDictionary dict:
                foreach (DictionaryEntry e in dict)
                {
                    if (e.Value is not null) entries.Add(((string)e.Key, e.Value));
                }
                break;
            case StepDefinition step:
                entries.Add((step.Name, step.Options));
                entries.Add(("id", step.Id));
                break;
            default:
                foreach (var p in OptionsTypeInfo.Of(value.GetType()).Properties)
                {
                    if (p.GetValue(value) is { } v) entries.Add((p.Key, v));
                }
                break;
        }
        return entries;
    }
}
