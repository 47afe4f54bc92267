using System.Globalization;

namespace DataPrep.Benchmarks;

/// <summary>
/// <c>command --name value --flag ...</c>. Hand-rolled on purpose: a benchmark harness should not
/// depend on a parser whose API moves between majors. Every option must be read, or
/// <see cref="ThrowIfUnused"/> reports it, so a typo never silently runs the defaults.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLine(string[] args)
    {
        Command = args.Length == 0 ? "help" : args[0];
        if (Command.StartsWith("--", StringComparison.Ordinal)) throw new UsageException("the first argument must be a command");
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unexpected argument '{args[i]}'");
            var name = args[i][2..];
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            _options[name] = value;
        }
    }

    public string Command { get; }

    public bool Flag(string name) => _used.Add(name) && _options.ContainsKey(name);

    public string? String(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value)) return null;
        return value ?? throw new UsageException($"--{name} needs a value");
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public long Long(string name, long fallback) => String(name) is { } s ? ParseLong(name, s) : fallback;

    public int Int(string name, int fallback) => checked((int)Long(name, fallback));

    public IReadOnlyList<string> List(string name, string fallback) =>
        String(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<long> Longs(string name, string fallback) => List(name, fallback).Select(s => ParseLong(name, s)).ToArray();

    public void ThrowIfUnused()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).Select(k => "--" + k).ToArray();
        if (unknown.Length > 0) throw new UsageException($"unknown option(s) for '{Command}': {string.Join(", ", unknown)}");
    }

    /// <summary>Accepts 10000000, 10_000_000, 10M, 100k.</summary>
    private static long ParseLong(string name, string text)
    {
        var s = text.Replace("_", "", StringComparison.Ordinal);
        long scale = 1;
        if (s.EndsWith('k') || s.EndsWith('K')) (scale, s) = (1_000, s[..^1]);
        else if (s.EndsWith('m') || s.EndsWith('M')) (scale, s) = (1_000_000, s[..^1]);
        if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) throw new UsageException($"--{name}: '{text}' is not a number");
        return checked(v * scale);
    }
}

/// <summary>A bad command line; Program prints the message and the usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
