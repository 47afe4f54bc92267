using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Normalizes one text into a reusable char buffer and hashes its shingles to 64 bits, with no
/// string per shingle (only an NFKC pass over a non-ASCII text allocates). One instance per thread.
/// </summary>
internal sealed class TextShingles(NearDuplicateOptions options)
{
    private char[] _chars = new char[256];
    private ulong[] _hashes = new ulong[256];
    private ulong[] _words = new ulong[64];

    /// <summary>Normalizes <paramref name="utf8"/> and returns its shingle hashes (duplicates included), valid until the next call.</summary>
    public ReadOnlySpan<ulong> Hash(ReadOnlySpan<byte> utf8)
    {
        var length = Normalize(utf8);
        var text = _chars.AsSpan(0, length);
        return options.Shingle == ShingleKind.Char ? CharShingles(text) : WordShingles(text);
    }

    /// <summary>The normalized form of <paramref name="utf8"/>, as shingled by <see cref="Hash"/>; for tests.</summary>
    internal string Normalized(ReadOnlySpan<byte> utf8) => new(_chars, 0, Normalize(utf8));

    private int Normalize(ReadOnlySpan<byte> utf8)
    {
        Ensure(ref _chars, utf8.Length);
        var length = Encoding.UTF8.GetChars(utf8, _chars);
        var norm = options.Normalize;
        if (norm.Nfkc && !Ascii.IsValid(_chars.AsSpan(0, length)))
        {
            // NFKC of ASCII is ASCII itself, so only other texts pay for the string round trip.
            var folded = new string(_chars, 0, length).Normalize(NormalizationForm.FormKC);
            Ensure(ref _chars, folded.Length);
            folded.CopyTo(_chars);
            length = folded.Length;
        }
        if (!norm.Lowercase && !norm.CollapseWhitespace) return length;
        var w = 0;
        var pendingSpace = false;
        for (var i = 0; i < length; i++)
        {
            var c = _chars[i];
            if (norm.CollapseWhitespace && char.IsWhiteSpace(c))
            {
                pendingSpace = w > 0;
                continue;
            }
            if (pendingSpace) { _chars[w++] = ' '; pendingSpace = false; }
            _chars[w++] = norm.Lowercase ? char.ToLowerInvariant(c) : c;
        }
        return w;
    }

    private ReadOnlySpan<ulong> CharShingles(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return [];
        var n = options.N;
        if (text.Length <= n)
        {
            _hashes[0] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text));
            return _hashes.AsSpan(0, 1);
        }
        var count = text.Length - n + 1;
        Ensure(ref _hashes, count);
        var bytes = MemoryMarshal.AsBytes(text);
        for (var i = 0; i < count; i++) _hashes[i] = XxHash3.HashToUInt64(bytes.Slice(i * 2, n * 2));
        return _hashes.AsSpan(0, count);
    }

    /// <summary>Each word hashed once; a shingle is the hash of its n word hashes, so spacing never matters.</summary>
    private ReadOnlySpan<ulong> WordShingles(ReadOnlySpan<char> text)
    {
        var words = 0;
        for (var i = 0; i < text.Length;)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i == start) break;
            Ensure(ref _words, words + 1);
            _words[words++] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text[start..i]));
        }
        if (words == 0) return [];
        var n = Math.Min(options.N, words);
        var count = words - n + 1;
        Ensure(ref _hashes, count);
        var wordBytes = MemoryMarshal.AsBytes(_words.AsSpan(0, words));
        for (var i = 0; i < count; i++) _hashes[i] = XxHash3.HashToUInt64(wordBytes.Slice(i * 8, n * 8));
        return _hashes.AsSpan(0, count);
    }

    private static void Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[Math.Max(length, buffer.Length * 2)];
    }
}
