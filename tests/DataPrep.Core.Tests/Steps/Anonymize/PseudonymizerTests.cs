using System.Security.Cryptography;
using System.Text;
using DataPrep.Steps.Anonymize;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>The per-batch reused HMAC gives exactly the pseudonyms (and encryption nonces) of a one-shot HMAC: a faster path must not change any output.</summary>
public sealed class PseudonymizerTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("pseudonym-test-key-0123456789abcdef");

    private static readonly string[] Values =
        ["", "a", "alice@example.com", "555-12-3456", "ACCT-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnop-0123456789", "Zoë Ångström 42", "x"];

    [Fact]
    public void Hex_ReusedHmac_SameAsOneShotAndAsHmacSha256()
    {
        var p = new Pseudonymizer(Key);
        using var hmac = p.CreateHmac();
        foreach (var value in Values.Concat(Values)) // twice: the reused hash must reset between values
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var reused = new byte[Pseudonymizer.HexLength];
            var oneShot = new byte[Pseudonymizer.HexLength];
            p.Hex(bytes, reused, hmac);
            p.Hex(bytes, oneShot);

            Encoding.ASCII.GetString(reused).Should().Be(Encoding.ASCII.GetString(oneShot))
                .And.Be(Convert.ToHexStringLower(HMACSHA256.HashData(Key, bytes))[..Pseudonymizer.HexLength], "value '{0}'", value);
        }
    }

    [Fact]
    public void FormatPreserving_ReusedHmac_SameAsOneShot()
    {
        var p = new Pseudonymizer(Key);
        using var hmac = p.CreateHmac();
        foreach (var value in Values.Concat(Values))
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var reused = new byte[bytes.Length];
            var oneShot = new byte[bytes.Length];
            p.FormatPreserving(bytes, reused, hmac);
            p.FormatPreserving(bytes, oneShot);

            reused.Should().Equal(oneShot, "value '{0}' (long ones chain several HMAC blocks)", value);
        }
    }

    [Fact]
    public void Encrypt_ReusedNonceHmac_SameCiphertextAsOneShot()
    {
        var encryptor = new ValueEncryptor(AnonymizeKey.FromBytes(Key));
        using var aes = encryptor.CreateCipher();
        using var nonceHmac = encryptor.CreateNonceHmac();
        foreach (var value in Values.Concat(Values))
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var length = ValueEncryptor.EncryptedLength(bytes.Length);
            byte[] reused = new byte[length], oneShot = new byte[length], scratch = new byte[length];
            encryptor.Encrypt(aes, bytes, reused, scratch, nonceHmac);
            encryptor.Encrypt(aes, bytes, oneShot, scratch);

            reused.Should().Equal(oneShot, "value '{0}'", value);
            encryptor.TryDecrypt(aes, reused, out var plain).Should().BeTrue();
            plain.Should().Equal(bytes);
        }
    }
}
