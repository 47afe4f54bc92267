using System.Buffers.Text;
using System.Security.Cryptography;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// Deterministic AES-256-GCM per value. The nonce is the first 96 bits of HMAC-SHA256(nonce key,
/// plaintext), as in SIV constructions: the same value always gives the same ciphertext (outputs are
/// byte-identical across runs, and equal values stay joinable), and a nonce repeats only for the same
/// plaintext, where GCM then leaks nothing more than that equality. Different plaintexts share a
/// nonce with probability about n²/2^97 for n distinct values. Output text: <c>enc1:</c> + base64url
/// of nonce ‖ ciphertext ‖ tag. The trade-off against random nonces is documented in docs/PRIVACY.md.
/// </summary>
internal sealed class ValueEncryptor(AnonymizeKey key)
{
    public const string Prefix = "enc1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Length of the text <see cref="Encrypt"/> writes for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static int EncryptedLength(int plaintextLength) =>
        Prefix.Length + Base64Url.GetEncodedLength(NonceSize + plaintextLength + TagSize);

    /// <summary>Writes the ciphertext text of <paramref name="plaintext"/> into <paramref name="destination"/> (<see cref="EncryptedLength"/> bytes).</summary>
    /// <param name="nonceHmac">From <see cref="CreateNonceHmac"/>, used by one thread at a time; null for a one-shot HMAC.</param>
    public void Encrypt(AesGcm aes, ReadOnlySpan<byte> plaintext, Span<byte> destination, Span<byte> scratch, IncrementalHash? nonceHmac = null)
    {
        var raw = scratch[..(NonceSize + plaintext.Length + TagSize)];
        Span<byte> mac = stackalloc byte[32];
        if (nonceHmac is null) HMACSHA256.HashData(key.NonceKey, plaintext, mac);
        else
        {
            nonceHmac.AppendData(plaintext);
            nonceHmac.GetHashAndReset(mac);
        }
        var nonce = raw[..NonceSize];
        mac[..NonceSize].CopyTo(nonce);
        aes.Encrypt(nonce, plaintext, raw.Slice(NonceSize, plaintext.Length), raw[^TagSize..]);
        "enc1:"u8.CopyTo(destination);
        Base64Url.EncodeToUtf8(raw, destination[Prefix.Length..]);
    }

    public AesGcm CreateCipher() => new(key.EncryptionKey, TagSize);

    /// <summary>The nonce HMAC for one thread's run of values (a batch), reused value after value.</summary>
    public IncrementalHash CreateNonceHmac() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.NonceKey);

    /// <summary>The plaintext of a value written by <see cref="Encrypt"/>; false when it is not one or the key does not fit (the tag fails).</summary>
    public bool TryDecrypt(AesGcm aes, ReadOnlySpan<byte> text, out byte[] plaintext)
    {
        plaintext = [];
        if (!text.StartsWith("enc1:"u8)) return false;
        var encoded = text[Prefix.Length..];
        var raw = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromUtf8(encoded, raw, out _, out var written) != System.Buffers.OperationStatus.Done) return false;
        if (written < NonceSize + TagSize) return false;
        var body = raw.AsSpan(0, written);
        plaintext = new byte[written - NonceSize - TagSize];
        try { aes.Decrypt(body[..NonceSize], body[NonceSize..^TagSize], body[^TagSize..], plaintext); }
        catch (AuthenticationTagMismatchException) { plaintext = []; return false; }
        return true;
    }
}
