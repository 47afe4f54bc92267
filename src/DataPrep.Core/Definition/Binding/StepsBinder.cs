using System.Text.RegularExpressions;
using DataPrep.Definition.Yaml;

namespace DataPrep.Definition.Binding;

/// <summary>
/// Binds <c>steps:</c>: each item is a mapping with exactly one registered step name, whose value
/// binds to that step's options type, plus an optional <c>id</c>.
/// </summary>
internal static partial class StepsBinder
{
    public static List<StepDefinition>? Bind(YamlNode node, string path, BindSession s)
    {
        if (node is not YamlSequence seq)
        {
            s.Report(node, DiagnosticCodes.WrongType, path, $"expected a list of steps, got {node.Describe()}");
            return null;
        }
        var steps = new List<StepDefinition>();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var itemPath = Naming.Index(path, i);
            s.Record(itemPath, seq.Items[i]);
            if (BindItem(seq.Items[i], itemPath, s, occurrences) is { } step) steps.Add(step);
        }
        return steps;
    }

    /// <summary>
    /// Maps <c>steps[i]</c> in a member path reported by <see cref="PipelineDefinition.Validate"/>
    /// (an index into the bound list) to the item's place in the file, which differs once an
    /// earlier item failed to bind and was left out.
    /// </summary>
    public static string RewriteStepPath(string member, PipelineDefinition definition)
    {
        var m = StepIndex().Match(member);
        if (!m.Success) return member;
        var i = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return i < definition.Steps.Count ? definition.Steps[i].Path + member[m.Length..] : member;
    }

    private static StepDefinition? BindItem(YamlNode item, string itemPath, BindSession s, Dictionary<string, int> occurrences)
    {
        var known = s.Registry?.All.Select(r => r.Name).ToArray() ?? [];
        var knownText = known.Length == 0 ? "(none registered)" : string.Join(", ", known);
        if (item is not YamlMapping map)
        {
            s.Report(item, DiagnosticCodes.StepShape, itemPath,
                $"a step is a mapping with one step-name key, such as '- {known.FirstOrDefault() ?? "step"}: {{...}}'; got {item.Describe()}");
            return null;
        }
        var idEntry = map.Entries.FirstOrDefault(e => e.Key.Value == "id");
        var names = map.Entries.Where(e => e.Key.Value != "id").ToArray();
        if (names.Length != 1)
        {
            var what = names.Length == 0
                ? "it has no step-name key"
                : "found " + string.Join(", ", names.Select(n => $"'{n.Key.Value}'"));
            s.Report(names.Length == 0 ? map : names[1].Key, DiagnosticCodes.StepShape, itemPath,
                $"a step has exactly one step-name key plus an optional 'id'; {what} (known steps: {knownText})");
            return null;
        }
        var (nameKey, valueNode) = names[0];
        var name = nameKey.Value;
        var optionsPath = Naming.Join(itemPath, name);
        s.Record(optionsPath, valueNode);
        if (s.Registry is null || !s.Registry.TryGet(name, out var registration))
        {
            s.Report(nameKey, DiagnosticCodes.UnknownStep, optionsPath,
                $"unknown step '{name}'{Suggestions.DidYouMean(name, known)} (known steps: {knownText})");
            return null;
        }
        var n = occurrences[name] = occurrences.GetValueOrDefault(name) + 1;
        var id = n == 1 ? name : $"{name}_{n}";
        if (idEntry.Key is not null)
        {
            var idPath = Naming.Join(itemPath, "id");
            s.Record(idPath, idEntry.Value);
            if (idEntry.Value is YamlScalar { IsNull: false } idScalar && IdPattern().IsMatch(idScalar.Value))
                id = idScalar.Value;
            else
                s.Report(idEntry.Value, DiagnosticCodes.StepShape, idPath,
                    $"a step id is a non-empty string of letters, digits, '_' and '-'; got {idEntry.Value.Describe()}");
        }
        var optionsNode = valueNode is YamlScalar { IsNull: true } ? YamlMapping.Empty(valueNode.Line, valueNode.Column) : valueNode;
        var options = OptionsBinder.BindObject(OptionsTypeInfo.Of(registration.OptionsType), optionsNode, optionsPath, s, isRoot: false);
        return new StepDefinition(name, id, options, itemPath);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^steps\[(\d+)\]")]
    private static partial Regex StepIndex();
}
