using System.Security.Cryptography;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 of the value's UTF-8 bytes under the pseudonym subkey. The column
/// name takes no part, so a value gets the same pseudonym in every column, file and run with the
/// same key; without the key, enumerating candidate values (a dictionary attack) finds nothing.
/// </summary>
internal sealed class Pseudonymizer(byte[] key)
{
    /// <summary>Hex characters of a pseudonym: 128 bits of the HMAC.</summary>
    public const int HexLength = 32;

    /// <summary>
    /// An HMAC under the pseudonym key for one thread's run of values (a batch): reusing it halves the
    /// cost of a pseudonym against a fresh one-shot HMAC per value (<c>privacy</c> benchmark).
    /// </summary>
    public IncrementalHash CreateHmac() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

    /// <summary>Writes the 32 lower-case hex characters of the pseudonym of <paramref name="value"/>.</summary>
    /// <param name="hmac">From <see cref="CreateHmac"/>, used by one thread at a time; null for a one-shot HMAC.</param>
    public void Hex(ReadOnlySpan<byte> value, Span<byte> destination, IncrementalHash? hmac = null)
    {
        Span<byte> mac = stackalloc byte[32];
        Mac(value, mac, hmac);
        for (var i = 0; i < HexLength / 2; i++)
        {
            destination[2 * i] = HexDigit(mac[i] >> 4);
            destination[2 * i + 1] = HexDigit(mac[i] & 0xF);
        }
    }

    /// <summary>
    /// A pseudonym of the same shape: ASCII digits stay digits and ASCII letters stay letters of the
    /// same case; other bytes (separators, non-ASCII text) are kept, so the length is kept too.
    /// Not a permutation: two values may share a pseudonym, with probability about 1/10^digits.
    /// </summary>
    public void FormatPreserving(ReadOnlySpan<byte> value, Span<byte> destination, IncrementalHash? hmac = null)
    {
        Span<byte> block = stackalloc byte[32];
        Span<byte> next = stackalloc byte[33];
        Mac(value, block, hmac);
        var used = 0;
        byte counter = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var kind = c is >= (byte)'0' and <= (byte)'9' ? 10 : c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' ? 26 : 0;
            if (kind == 0) { destination[i] = c; continue; }
            if (used + 2 > block.Length)
            {
                // More key stream: HMAC(previous block || counter), a PRF chain under the same key.
                block.CopyTo(next);
                next[32] = ++counter;
                Mac(next, block, hmac);
                used = 0;
            }
            // 16 bits per character: the modulo bias is below 10^-3.
            var r = (block[used] << 8 | block[used + 1]) % kind;
            used += 2;
            destination[i] = kind == 10 ? (byte)('0' + r) : c >= 'a' ? (byte)('a' + r) : (byte)('A' + r);
        }
    }

    private void Mac(ReadOnlySpan<byte> value, Span<byte> destination, IncrementalHash? hmac)
    {
        if (hmac is null)
        {
            HMACSHA256.HashData(key, value, destination);
            return;
        }
        hmac.AppendData(value);
        hmac.GetHashAndReset(destination);
    }

    private static byte HexDigit(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);
}
