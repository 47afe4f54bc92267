using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DataPrep.Definition.Schema;

/// <summary>
/// Reads <c>&lt;summary&gt;</c> doc comments from the XML documentation file next to an assembly,
/// as one line of plain text: the schema's descriptions come from the same comments as IntelliSense.
/// </summary>
internal static partial class XmlDocs
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Cache = new();

    public static string? Summary(Type type) => Lookup(type.Assembly, "T:" + Name(type));

    public static string? Summary(PropertyInfo property) =>
        Lookup(property.DeclaringType!.Assembly, $"P:{Name(property.DeclaringType)}.{property.Name}");

    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    private static string? Lookup(Assembly assembly, string member) =>
        Cache.GetOrAdd(assembly, Load).GetValueOrDefault(member);

    private static IReadOnlyDictionary<string, string> Load(Assembly assembly)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = string.IsNullOrEmpty(assembly.Location) ? null : Path.ChangeExtension(assembly.Location, ".xml");
        if (path is null || !File.Exists(path)) return summaries;
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                summaries[name] = PlainText(summary);
        }
        return summaries;
    }

    /// <summary><c>&lt;c&gt;x&lt;/c&gt;</c> → x, <c>&lt;see cref="T:A.B"/&gt;</c> → B, whitespace collapsed.</summary>
    public static string PlainText(XElement element)
    {
        var sb = new StringBuilder();
        Append(element, sb);
        return Whitespace().Replace(sb.ToString(), " ").Trim();
    }

    private static void Append(XElement element, StringBuilder sb)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    sb.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when !see.Nodes().Any():
                    sb.Append(see.Attribute("langword")?.Value
                              ?? CrefName(see.Attribute("cref")?.Value)
                              ?? see.Attribute("href")?.Value);
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } r:
                    sb.Append(r.Attribute("name")?.Value);
                    break;
                case XElement { Name.LocalName: "para" or "br" } p:
                    sb.Append(' ');
                    Append(p, sb);
                    sb.Append(' ');
                    break;
                case XElement e:
                    Append(e, sb);
                    break;
            }
        }
    }

    private static string? CrefName(string? cref)
    {
        if (cref is null) return null;
        var name = cref.Contains(':') ? cref[(cref.IndexOf(':') + 1)..] : cref;
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        name = name[(name.LastIndexOf('.') + 1)..];
        var tick = name.IndexOf('`');
        return tick >= 0 ? name[..tick] : name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
