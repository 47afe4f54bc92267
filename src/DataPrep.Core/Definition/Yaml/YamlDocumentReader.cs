using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DataPrep.Definition.Yaml;

/// <summary>
/// Reads one YAML (or JSON, which is YAML flow syntax) document into a <see cref="YamlNode"/> tree
/// with YamlDotNet's event parser. Limits are checked as events arrive, so an oversized or
/// billion-laughs file fails after reading at most the budget, never after expanding it.
/// </summary>
internal sealed class YamlDocumentReader
{
    private const string StrTag = "tag:yaml.org,2002:str";

    private readonly string _file;
    private readonly YamlLimits _limits;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Stack<Frame> _stack = new();
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private YamlNode? _root;
    private long _nodes;
    private int _aliases;

    private YamlDocumentReader(string file, YamlLimits limits)
    {
        _file = file;
        _limits = limits;
    }

    /// <summary>Parses <paramref name="text"/>; the root is null when a fatal problem was found or the file is empty.</summary>
    public static (YamlNode? Root, IReadOnlyList<Diagnostic> Diagnostics) Read(string text, string file, YamlLimits? limits = null)
    {
        var reader = new YamlDocumentReader(file, limits ?? YamlLimits.Default);
        var ok = reader.Run(text);
        return (ok ? reader._root : null, reader._diagnostics);
    }

    private bool Run(string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > _limits.MaxBytes)
            return Fail(1, 1, DiagnosticCodes.LimitExceeded, $"the file is {bytes} bytes; at most {_limits.MaxBytes} are allowed");

        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                last = e.End;
                var ok = e switch
                {
                    DocumentStart d when ++documents > 1 => Fail(d.Start, DiagnosticCodes.Syntax,
                        "a pipeline file holds exactly one YAML document; remove the second '---' document"),
                    Scalar s => OnScalar(s),
                    SequenceStart s => Push(s, isMapping: false),
                    MappingStart m => Push(m, isMapping: true),
                    SequenceEnd or MappingEnd => Pop(),
                    AnchorAlias a => OnAlias(a),
                    _ => true,
                };
                if (!ok) return false;
            }
        }
        catch (YamlException ex)
        {
            var at = ex.Start.Line > 0 ? ex.Start : last;
            return Fail((int)at.Line, (int)at.Column, DiagnosticCodes.Syntax, ex.Message);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some unterminated flow collections instead of a YamlException.
            return Fail((int)Math.Max(1, last.Line), (int)Math.Max(1, last.Column), DiagnosticCodes.Syntax,
                "malformed YAML after this point (an unterminated '[' or '{'?)");
        }
        return true;
    }

    private bool OnScalar(Scalar s)
    {
        if (!CountNodes(1, s.Start)) return false;
        var quoted = s.Style is not ScalarStyle.Plain || (!s.Tag.IsEmpty && s.Tag.Value == StrTag);
        var node = new YamlScalar(s.Value, quoted, (int)s.Start.Line, (int)s.Start.Column);
        return Add(node, s.Anchor);
    }

    private bool Push(NodeEvent e, bool isMapping)
    {
        if (!CountNodes(1, e.Start)) return false;
        if (_stack.Count + 1 > _limits.MaxDepth)
            return Fail(e.Start, DiagnosticCodes.LimitExceeded, $"nesting is deeper than {_limits.MaxDepth} levels");
        _stack.Push(new Frame(isMapping, e.Anchor, (int)e.Start.Line, (int)e.Start.Column, ChildPath()));
        return true;
    }

    private bool Pop()
    {
        var f = _stack.Pop();
        YamlNode node = f.IsMapping
            ? new YamlMapping(f.Entries, f.Line, f.Column)
            : new YamlSequence(f.Items, f.Line, f.Column);
        return Add(node, f.Anchor);
    }

    private bool OnAlias(AnchorAlias a)
    {
        if (!_anchors.TryGetValue(a.Value.Value, out var target))
            return Fail(a.Start, DiagnosticCodes.Syntax, $"alias '*{a.Value.Value}' refers to no anchor defined before it");
        if (++_aliases > _limits.MaxAliases)
            return Fail(a.Start, DiagnosticCodes.LimitExceeded, $"more than {_limits.MaxAliases} aliases");
        if (_stack.Count + target.Height > _limits.MaxDepth)
            return Fail(a.Start, DiagnosticCodes.LimitExceeded, $"alias '*{a.Value.Value}' makes nesting deeper than {_limits.MaxDepth} levels");
        if (!CountNodes(target.Count, a.Start)) return false;
        return Add(target, AnchorName.Empty);
    }

    private bool Add(YamlNode node, AnchorName anchor)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        if (_stack.Count == 0)
        {
            _root = node;
            return true;
        }
        var f = _stack.Peek();
        if (!f.IsMapping)
        {
            f.Items.Add(node);
            return true;
        }
        if (f.PendingKey is null)
        {
            if (node is not YamlScalar key)
                return Fail(node.Line, node.Column, DiagnosticCodes.Syntax, "a mapping key must be a scalar");
            if (!f.Keys.Add(key.Value))
            {
                _diagnostics.Add(new Diagnostic(key.Location(_file), DiagnosticCodes.DuplicateKey, Join(f.Path, key.Value),
                    $"key '{key.Value}' appears twice in this mapping; only the first is used"));
                f.SkipNext = true;
            }
            f.PendingKey = key;
            return true;
        }
        if (!f.SkipNext) f.Entries.Add(new(f.PendingKey, node));
        f.PendingKey = null;
        f.SkipNext = false;
        return true;
    }

    private bool CountNodes(int n, Mark at)
    {
        _nodes += n;
        return _nodes <= _limits.MaxNodes
            || Fail(at, DiagnosticCodes.LimitExceeded, $"the file has more than {_limits.MaxNodes} nodes (aliases counted expanded)");
    }

    private string ChildPath()
    {
        if (_stack.Count == 0) return "";
        var f = _stack.Peek();
        if (!f.IsMapping) return $"{f.Path}[{f.Items.Count}]";
        return f.PendingKey is null ? f.Path : Join(f.Path, f.PendingKey.Value);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private bool Fail(Mark at, string code, string message) => Fail((int)at.Line, (int)at.Column, code, message);

    private bool Fail(int line, int column, string code, string message)
    {
        _diagnostics.Add(new Diagnostic(new SourceLocation(_file, line, column), code, "", message));
        return false;
    }

    private sealed class Frame(bool isMapping, AnchorName anchor, int line, int column, string path)
    {
        public bool IsMapping { get; } = isMapping;
        public AnchorName Anchor { get; } = anchor;
        public int Line { get; } = line;
        public int Column { get; } = column;
        public string Path { get; } = path;
        public List<YamlNode> Items { get; } = [];
        public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = [];
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
        public YamlScalar? PendingKey { get; set; }
        public bool SkipNext { get; set; }
    }
}
