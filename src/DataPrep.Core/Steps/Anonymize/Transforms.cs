using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Anonymize;

/// <summary>pseudonymize: HMAC-SHA256 hex (or a format-preserving pseudonym) of the value's text.</summary>
internal sealed class PseudonymizeTransform(Pseudonymizer pseudonymizer, bool formatPreserving) : ColumnTransform
{
    public override IArrowType OutputType => StringType.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        var builder = new StringArray.Builder().Reserve(input.Length);
        var scratch = new byte[64];
        var output = new byte[64];
        using var hmac = pseudonymizer.CreateHmac(); // this batch's, on this thread
        for (var row = 0; row < input.Length; row++)
        {
            if (input.IsNull(row)) { builder.AppendNull(); continue; }
            var value = Text(input, row, ref scratch);
            if (!formatPreserving)
            {
                pseudonymizer.Hex(value, output, hmac);
                builder.Append(output.AsSpan(0, Pseudonymizer.HexLength));
                continue;
            }
            if (output.Length < value.Length) output = new byte[Math.Max(value.Length, 2 * output.Length)];
            pseudonymizer.FormatPreserving(value, output, hmac);
            builder.Append(output.AsSpan(0, value.Length));
        }
        return builder.Build();
    }
}

/// <summary>encrypt: deterministic AES-256-GCM of the value's text.</summary>
internal sealed class EncryptTransform(ValueEncryptor encryptor) : ColumnTransform
{
    public override IArrowType OutputType => StringType.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        using var aes = encryptor.CreateCipher();
        using var nonceHmac = encryptor.CreateNonceHmac();
        var builder = new StringArray.Builder().Reserve(input.Length);
        byte[] text = new byte[64], scratch = new byte[256], output = new byte[512];
        for (var row = 0; row < input.Length; row++)
        {
            if (input.IsNull(row)) { builder.AppendNull(); continue; }
            var value = Text(input, row, ref text);
            var length = ValueEncryptor.EncryptedLength(value.Length);
            if (output.Length < length) { output = new byte[2 * length]; scratch = new byte[2 * length]; }
            encryptor.Encrypt(aes, value, output, scratch, nonceHmac);
            builder.Append(output.AsSpan(0, length));
        }
        return builder.Build();
    }
}

/// <summary>noise: snapped Laplace noise on a numeric column, one independent stream per (column, row).</summary>
internal sealed class NoiseTransform(SnappingLaplace mechanism, string streamId) : ColumnTransform
{
    public override IArrowType OutputType => DoubleType.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        var builder = new DoubleArray.Builder().Reserve(input.Length);
        for (var row = 0; row < input.Length; row++)
        {
            if (!ArrowValues.TryGetDouble(input, row, out var v) || double.IsNaN(v)) { builder.AppendNull(); continue; }
            var random = new StableRandom(context.Seed, streamId, context.RowIdAt(row));
            builder.Append(mechanism.Noisy(v, ref random));
        }
        return builder.Build();
    }
}

/// <summary>mask: all but the last n characters, or every character a pattern matches, become the mask character.</summary>
internal sealed class MaskTransform(int? keepLast, Regex? pattern, char maskChar) : ColumnTransform
{
    public override IArrowType OutputType => StringType.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        var strings = (StringArray)input;
        var builder = new StringArray.Builder().Reserve(input.Length);
        var output = new byte[64];
        for (var row = 0; row < input.Length; row++)
        {
            if (input.IsNull(row)) { builder.AppendNull(); continue; }
            if (pattern is not null)
            {
                var text = strings.GetString(row);
                builder.Append(pattern.Replace(text, m => new string(maskChar, m.Length)));
                continue;
            }
            var value = strings.GetBytes(row);
            var chars = Encoding.UTF8.GetCharCount(value);
            var keep = Math.Min(keepLast!.Value, chars);
            // Byte offset where the kept characters start: walk back over UTF-8 lead bytes.
            var start = value.Length;
            for (var k = 0; k < keep; k++) { start--; while (start > 0 && (value[start] & 0xC0) == 0x80) start--; }
            var masked = chars - keep;
            var needed = masked + value.Length - start;
            if (output.Length < needed) output = new byte[2 * needed];
            output.AsSpan(0, masked).Fill((byte)maskChar);
            value[start..].CopyTo(output.AsSpan(masked));
            builder.Append(output.AsSpan(0, needed));
        }
        return builder.Build();
    }
}

/// <summary>redact_pii: free text with every found entity replaced.</summary>
internal sealed class RedactTransform(Pii.PiiRedactor redactor) : ColumnTransform
{
    public override IArrowType OutputType => StringType.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        var strings = (StringArray)input;
        var builder = new StringArray.Builder().Reserve(input.Length);
        var output = new System.Buffers.ArrayBufferWriter<byte>(256);
        var scratch = new List<Pii.PiiMatch>();
        for (var row = 0; row < input.Length; row++)
        {
            if (input.IsNull(row)) { builder.AppendNull(); continue; }
            output.ResetWrittenCount();
            redactor.Redact(strings.GetBytes(row), output, scratch);
            builder.Append(output.WrittenSpan);
        }
        return builder.Build();
    }
}
