using System.Security.Cryptography;

namespace DataPrep.Commit;

/// <summary>
/// A write-only, forward-only stream over a file that computes the SHA-256 of what passes through,
/// so the manifest's checksums cost no second read of the output. Writers that seek are refused.
/// </summary>
/// <param name="writeback">
/// The file's handle, to start its writeback every <see cref="WritebackEvery"/> bytes
/// (<see cref="NativeFile.StartWriteback"/>) so that the commit's fsync of a large output does not
/// write all of it at the end; null: the file is left to the kernel until the commit.
/// </param>
internal sealed class HashingStream(Stream inner, Microsoft.Win32.SafeHandles.SafeFileHandle? writeback = null) : Stream
{
    /// <summary>Bytes written between two starts of the file's writeback.</summary>
    internal const long WritebackEvery = 64L << 20;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;
    private long _writtenBack;
    private string? _sha256;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException("output is written front to back so that it can be hashed while written");
    }

    /// <summary>The checksum of everything written; call once writing is done.</summary>
    public string Sha256 => _sha256 ??= Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
        _length += buffer.Length;
        StartWriteback();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _length += buffer.Length;
        StartWriteback();
    }

    private void StartWriteback()
    {
        if (writeback is null || _length - _writtenBack < WritebackEvery) return;
        _writtenBack = _length;
        NativeFile.StartWriteback(writeback);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("output is written front to back");

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
