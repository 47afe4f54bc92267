using System.Collections;
using DataPrep.Definition.Yaml;

namespace DataPrep.Definition.Binding;

/// <summary>
/// Binds a <see cref="YamlNode"/> tree to options objects by reflection. Every problem is reported
/// to the session and binding goes on, so one run lists all of them; a value that fails keeps its default.
/// </summary>
internal static class OptionsBinder
{
    /// <summary>Binds a whole file's root to <paramref name="type"/>; an empty file is an empty mapping.</summary>
    public static object BindRoot(Type type, YamlNode? root, BindSession s)
    {
        var node = root ?? YamlMapping.Empty(1, 1);
        s.Record("", node);
        return BindObject(OptionsTypeInfo.Of(type), node, "", s, isRoot: true);
    }

    public static bool TryBind(ValueType t, YamlNode node, string path, BindSession s, out object? value)
    {
        s.Record(path, node);
        value = null;
        if (node is YamlScalar { IsNull: true } nul)
        {
            // A key with nothing after it (`quarantine:`) means "default options", like `- dedupe:`.
            if (t.Kind == ValueKind.Object)
            {
                value = BindObject(OptionsTypeInfo.Of(t.ClrType), YamlMapping.Empty(nul.Line, nul.Column), path, s, false);
                return true;
            }
            if (t.Nullable) return true;
            s.Report(node, DiagnosticCodes.WrongType, path, $"expected {t.Describe()}, got null");
            return false;
        }
        switch (t.Kind)
        {
            case ValueKind.Object:
                value = BindObject(OptionsTypeInfo.Of(t.ClrType), node, path, s, false);
                return true;
            case ValueKind.List:
                return TryBindList(t, node, path, s, out value);
            case ValueKind.Dictionary:
                return TryBindDictionary(t, node, path, s, out value);
            case ValueKind.Steps:
                value = StepsBinder.Bind(node, path, s);
                return value is not null;
        }
        if (node is not YamlScalar scalar)
        {
            s.Report(node, DiagnosticCodes.WrongType, path, $"expected {t.Describe()}, got {node.Describe()}");
            return false;
        }
        value = ScalarConverter.Convert(scalar, t, out var code, out var error);
        if (value is null) s.Report(node, code, path, error);
        return value is not null;
    }

    public static object BindObject(OptionsTypeInfo info, YamlNode node, string path, BindSession s, bool isRoot)
    {
        var obj = info.CreateInstance();
        var present = new List<OptionsProperty>();
        if (node is YamlScalar scalar && info.ScalarForm is { } shorthand)
        {
            // `csv: data/x.csv` is `csv: { path: data/x.csv }`.
            BindProperty(obj, shorthand, scalar, Naming.Join(path, shorthand.Key), s);
            present.Add(shorthand);
        }
        else if (node is YamlMapping mapping)
        {
            foreach (var (keyNode, valueNode) in mapping.Entries)
            {
                var key = keyNode.Value;
                var childPath = Naming.Join(path, key);
                if (isRoot && key == "$schema") continue;
                if (info.Find(key) is not { } prop)
                {
                    s.Report(keyNode, DiagnosticCodes.UnknownKey, childPath,
                        $"unknown key '{key}'{Suggestions.DidYouMean(key, info.Keys)} (allowed: {string.Join(", ", info.Keys)})");
                    continue;
                }
                present.Add(prop);
                BindProperty(obj, prop, valueNode, childPath, s);
            }
        }
        else
        {
            var expected = info.IsOneOf ? $"a mapping with one of the keys {string.Join(", ", info.Keys)}" : ValueType.Of(info.Type).Describe();
            s.Report(node, DiagnosticCodes.WrongType, path, $"expected {expected}, got {node.Describe()}");
            return obj;
        }
        CheckRequired(info, obj, present, node, path, s);
        if (info.IsOneOf && present.Count != 1)
        {
            var found = present.Count == 0 ? "none was given" : "found " + string.Join(" and ", present.Select(p => $"'{p.Key}'"));
            s.Report(node, DiagnosticCodes.OneOfViolation, path, $"give exactly one of {string.Join(", ", info.Keys)}; {found}");
        }
        Validate(obj, path, s);
        return obj;
    }

    private static void BindProperty(object obj, OptionsProperty prop, YamlNode valueNode, string path, BindSession s)
    {
        if (!TryBind(prop.Type, valueNode, path, s, out var value)) return;
        if (value is not null && prop.Bounds is { } b)
        {
            var d = System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            if (d < b.Min || d > b.Max || double.IsNaN(d))
            {
                s.Report(valueNode, DiagnosticCodes.BadValue, path, $"must be between {prop.Range!.Minimum} and {prop.Range.Maximum}; got {((YamlScalar)valueNode).Value}");
                return;
            }
        }
        foreach (var check in prop.OtherChecks)
        {
            if (check.IsValid(value)) continue;
            s.Report(valueNode, DiagnosticCodes.BadValue, path, check.FormatErrorMessage(prop.Key));
            return;
        }
        prop.SetValue(obj, value);
    }

    private static void CheckRequired(OptionsTypeInfo info, object obj, List<OptionsProperty> present, YamlNode node, string path, BindSession s)
    {
        foreach (var prop in info.Properties)
        {
            if (!prop.Required) continue;
            var childPath = Naming.Join(path, prop.Key);
            if (!present.Contains(prop))
                s.Report(node, DiagnosticCodes.MissingRequired, childPath, $"required key '{prop.Key}' is missing");
            else if (prop.GetValue(obj) is "" && !s.AlreadyReported(childPath))
                s.Report(s.Map.Find(childPath), DiagnosticCodes.MissingRequired, childPath, $"'{prop.Key}' is required and must not be empty");
        }
    }

    private static bool TryBindList(ValueType t, YamlNode node, string path, BindSession s, out object? value)
    {
        value = null;
        if (node is not YamlSequence seq)
        {
            s.Report(node, DiagnosticCodes.WrongType, path, $"expected a list, got {node.Describe()}");
            return false;
        }
        var list = (IList)Activator.CreateInstance(t.ClrType)!;
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (TryBind(t.Element!, seq.Items[i], Naming.Index(path, i), s, out var item)) list.Add(item);
        }
        value = list;
        return true;
    }

    private static bool TryBindDictionary(ValueType t, YamlNode node, string path, BindSession s, out object? value)
    {
        value = null;
        if (node is not YamlMapping map)
        {
            s.Report(node, DiagnosticCodes.WrongType, path, $"expected a mapping, got {node.Describe()}");
            return false;
        }
        var dict = (IDictionary)Activator.CreateInstance(t.ClrType)!;
        foreach (var (key, item) in map.Entries)
        {
            if (TryBind(t.Element!, item, Naming.Join(path, key.Value), s, out var v)) dict[key.Value] = v;
        }
        value = dict;
        return true;
    }

    private static void Validate(object obj, string path, BindSession s)
    {
        if (obj is not IValidatableOptions validatable) return;
        var context = new OptionsValidationContext();
        validatable.Validate(context);
        foreach (var (member, code, message) in context.Errors)
        {
            var m = obj is PipelineDefinition pd ? StepsBinder.RewriteStepPath(member, pd) : member;
            var full = m.Length == 0 ? path : m[0] == '[' ? path + m : Naming.Join(path, m);
            if (s.AlreadyReported(full)) continue;
            s.Report(s.Map.Find(full), code, full, message);
        }
    }
}
