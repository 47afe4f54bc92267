using System.Security.Cryptography;
using System.Text;
using DataPrep.Definition;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// The secret behind pseudonyms and encryption, read from an environment variable or a key file
/// (never from the pipeline file). Each use gets its own subkey by HKDF-SHA256, so a pseudonym
/// never reveals anything about the encryption key and the other way round.
/// </summary>
public sealed class AnonymizeKey
{
    /// <summary>Key material shorter than this is refused: it could be guessed.</summary>
    public const int MinimumBytes = 16;

    private AnonymizeKey(byte[] material)
    {
        PseudonymKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, info: "dataprep/pseudonym/v1"u8.ToArray());
        EncryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, info: "dataprep/encrypt/v1"u8.ToArray());
        NonceKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, info: "dataprep/encrypt-nonce/v1"u8.ToArray());
    }

    /// <summary>HMAC-SHA256 key of pseudonyms.</summary>
    internal byte[] PseudonymKey { get; }

    /// <summary>AES-256-GCM key.</summary>
    internal byte[] EncryptionKey { get; }

    /// <summary>HMAC-SHA256 key that derives a value's nonce (deterministic encryption).</summary>
    internal byte[] NonceKey { get; }

    /// <summary>Key material given directly (tests, the library).</summary>
    public static AnonymizeKey FromBytes(ReadOnlySpan<byte> material) =>
        material.Length >= MinimumBytes ? new AnonymizeKey(material.ToArray())
            : throw new ArgumentException($"a key needs at least {MinimumBytes} bytes, got {material.Length}", nameof(material));

    /// <summary>
    /// Reads the key named by <paramref name="keyEnv"/> or <paramref name="keyFile"/>. Problems come back as
    /// (code, message) naming the variable or file, never the key.
    /// </summary>
    public static AnonymizeKey? TryLoad(string? keyEnv, string? keyFile, out string code, out string error)
    {
        code = error = "";
        byte[] material;
        string origin;
        if (keyEnv is not null)
        {
            var text = Environment.GetEnvironmentVariable(keyEnv);
            if (string.IsNullOrEmpty(text))
            {
                (code, error) = (DiagnosticCodes.AnonymizeKeyMissing, $"environment variable '{keyEnv}' is not set; it must hold the anonymization key (at least {MinimumBytes} bytes)");
                return null;
            }
            material = Encoding.UTF8.GetBytes(text);
            origin = $"environment variable '{keyEnv}'";
        }
        else if (keyFile is not null)
        {
            var path = Path.GetFullPath(keyFile);
            if (!File.Exists(path))
            {
                (code, error) = (DiagnosticCodes.AnonymizeKeyMissing, $"key file '{path}' does not exist");
                return null;
            }
            try { material = File.ReadAllBytes(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                (code, error) = (DiagnosticCodes.AnonymizeKeyInvalid, $"key file '{path}' cannot be read: {e.Message}");
                return null;
            }
            var length = material.Length;
            while (length > 0 && material[length - 1] is (byte)'\n' or (byte)'\r') length--;
            material = material[..length];
            origin = $"key file '{path}'";
        }
        else
        {
            (code, error) = (DiagnosticCodes.AnonymizeKeyMissing, "no key given: set key_env or key_file");
            return null;
        }
        if (material.Length < MinimumBytes)
        {
            (code, error) = (DiagnosticCodes.AnonymizeKeyInvalid, $"the key in {origin} has {material.Length} bytes; it needs at least {MinimumBytes}");
            return null;
        }
        return new AnonymizeKey(material);
    }
}
