namespace DataPrep.IO.Files;

/// <summary>
/// A path glob over '/'-separated relative paths: <c>*</c> and <c>?</c> match within one
/// segment, <c>**</c> matches any number of whole segments (including none). Case-sensitive.
/// </summary>
internal sealed class Glob(string pattern)
{
    private readonly string[] _segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public static bool HasWildcards(string path) => path.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Splits an absolute pattern into the folder before the first wildcard segment and the rest.</summary>
    public static (string Root, string Remainder) SplitRoot(string pattern)
    {
        var segments = pattern.Split('/');
        var i = 0;
        while (i < segments.Length && !HasWildcards(segments[i])) i++;
        var root = string.Join('/', segments[..i]);
        if (root.Length == 0) root = "/";
        return (root, string.Join('/', segments[i..]));
    }

    public bool IsMatch(string relativePath) =>
        MatchSegments(_segments, relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries));

    private static bool MatchSegments(ReadOnlySpan<string> pattern, ReadOnlySpan<string> path)
    {
        if (pattern.IsEmpty) return path.IsEmpty;
        if (pattern[0] == "**")
        {
            for (var skip = 0; skip <= path.Length; skip++)
                if (MatchSegments(pattern[1..], path[skip..])) return true;
            return false;
        }
        return !path.IsEmpty && MatchSegment(pattern[0], path[0]) && MatchSegments(pattern[1..], path[1..]);
    }

    private static bool MatchSegment(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative wildcard match with single backtrack point for the last '*'.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
