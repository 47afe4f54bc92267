using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using DataPrep.Steps.Anonymize;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// SSN-format values have a small space: an attacker who sees unkeyed SHA-256 pseudonyms hashes
/// every candidate and looks them up. Keyed HMAC pseudonyms resist the same enumeration without the key.
/// Pseudonyms are 128 bits (32 hex characters), compared as <see cref="UInt128"/>.
/// </summary>
public sealed class DictionaryAttackTests
{
    // The size. About 2 s (10 s of test run with the build), so it runs in CI.
    [Fact]
    public void Attack_1MSsns_UnkeyedAllRecoveredKeyedNone() => Attack(areas: 100);

    /// <summary>The space: areas 100.., groups 10–19, serials 0001–1000: 10^4 values per area, every one used once.</summary>
    private static void Attack(int areas)
    {
        var count = areas * 10_000;
        var pseudonymizer = new Pseudonymizer(AnonymizeKey.FromBytes("a-secret-only-the-pipeline-has"u8).PseudonymKey);
        var unkeyed = new UInt128[count];
        var keyed = new UInt128[count];
        Parallel.For(0, count, i =>
        {
            Span<byte> ssn = stackalloc byte[11];
            Ssn(i, ssn);
            unkeyed[i] = Sha256Pseudonym(ssn);
            Span<byte> hex = stackalloc byte[Pseudonymizer.HexLength];
            pseudonymizer.Hex(ssn, hex);
            keyed[i] = UInt128.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        });

        // The attacker enumerates the whole space, hashing each candidate as an unkeyed pseudonymizer would.
        var candidates = new UInt128[count];
        Parallel.For(0, count, i =>
        {
            Span<byte> ssn = stackalloc byte[11];
            Ssn(i, ssn);
            candidates[i] = Sha256Pseudonym(ssn);
        });
        var dictionary = new Dictionary<UInt128, int>(count);
        for (var i = 0; i < count; i++) dictionary[candidates[i]] = i;

        var recoveredUnkeyed = unkeyed.Select((p, i) => dictionary.TryGetValue(p, out var v) && v == i).Count(ok => ok);
        var recoveredKeyed = keyed.Count(dictionary.ContainsKey);

        recoveredUnkeyed.Should().Be(count);
        recoveredKeyed.Should().Be(0);
        keyed.Distinct().Count().Should().Be(count, "distinct values keep distinct pseudonyms");
    }

    private static UInt128 Sha256Pseudonym(ReadOnlySpan<byte> value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(value, hash);
        return BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    /// <summary>The i-th SSN of the space as "ddd-dd-dddd".</summary>
    private static void Ssn(int i, Span<byte> s)
    {
        int area = 100 + i / 10_000, group = 10 + i / 1000 % 10, serial = 1 + i % 1000;
        s[0] = (byte)('0' + area / 100); s[1] = (byte)('0' + area / 10 % 10); s[2] = (byte)('0' + area % 10); s[3] = (byte)'-';
        s[4] = (byte)('0' + group / 10); s[5] = (byte)('0' + group % 10); s[6] = (byte)'-';
        s[7] = (byte)('0' + serial / 1000); s[8] = (byte)('0' + serial / 100 % 10); s[9] = (byte)('0' + serial / 10 % 10); s[10] = (byte)('0' + serial % 10);
    }
}
