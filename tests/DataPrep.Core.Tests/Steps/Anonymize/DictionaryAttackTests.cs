using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DataPrep.Steps.Anonymize;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// SSN-format values have a small space: an attacker who sees unkeyed SHA-256 pseudonyms hashes
/// every candidate and looks them up. Keyed HMAC pseudonyms resist the same enumeration without the key.
/// </summary>
public sealed class DictionaryAttackTests
{
    [Fact]
    public void Attack_100kSsns_UnkeyedAllRecoveredKeyedNone() => Attack(areas: 10);

    [Fact, Trait("Category", "Long")]
    public void Attack_1MSsns_UnkeyedAllRecoveredKeyedNone() => Attack(areas: 100);

    /// <summary>The space: areas 100.., groups 10–19, serials 0001–1000: 10^4 values per area, every one used once.</summary>
    private static void Attack(int areas)
    {
        var space = Enumerable.Range(0, areas * 10_000)
            .Select(i => $"{100 + i / 10_000:000}-{10 + i / 1000 % 10:00}-{1 + i % 1000:0000}").ToArray();
        var pseudonymizer = new Pseudonymizer(AnonymizeKey.FromBytes("a-secret-only-the-pipeline-has"u8).PseudonymKey);
        var unkeyed = new string[space.Length];
        var keyed = new string[space.Length];
        Parallel.For(0, space.Length, i =>
        {
            var bytes = Encoding.UTF8.GetBytes(space[i]);
            unkeyed[i] = Convert.ToHexStringLower(SHA256.HashData(bytes))[..Pseudonymizer.HexLength];
            Span<byte> hex = stackalloc byte[Pseudonymizer.HexLength];
            pseudonymizer.Hex(bytes, hex);
            keyed[i] = Encoding.ASCII.GetString(hex);
        });

        // The attacker enumerates the whole space, hashing each candidate as an unkeyed pseudonymizer would.
        var dictionary = new ConcurrentDictionary<string, string>(Environment.ProcessorCount, space.Length);
        Parallel.ForEach(space, candidate => dictionary[Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)))[..Pseudonymizer.HexLength]] = candidate);

        var recoveredUnkeyed = unkeyed.Select((p, i) => dictionary.TryGetValue(p, out var v) && v == space[i]).Count(ok => ok);
        var recoveredKeyed = keyed.Count(dictionary.ContainsKey);

        recoveredUnkeyed.Should().Be(space.Length);
        recoveredKeyed.Should().Be(0);
        keyed.Distinct().Count().Should().Be(space.Length, "distinct values keep distinct pseudonyms");
    }
}
