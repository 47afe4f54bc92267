using System.Security.Cryptography;
using DataPrep.Commit;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commit;

public sealed class HashingStreamTests
{
    [Fact]
    public async Task Write_PastSeveralWritebackStarts_FileAndChecksumAreWhatWasWritten()
    {
        // More than two writeback intervals, in writes of odd sizes through the sync and async paths:
        // starting the file's writeback on its handle must leave the file and the running checksum exact.
        using var dir = new TempDirectory();
        var path = dir.Combine("data.bin");
        var random = new Random(9);
        var chunk = new byte[3_333_333];
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long written = 0;
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        string sha;
        await using (var stream = new HashingStream(new FileStream(handle, FileAccess.Write, 1 << 20), writeback: handle))
        {
            for (var i = 0; written < 2 * HashingStream.WritebackEvery + 5_000_000; i++)
            {
                random.NextBytes(chunk);
                var part = chunk.AsMemory(0, chunk.Length - i % 1000);
                if (i % 2 == 0) stream.Write(part.Span);
                else await stream.WriteAsync(part);
                expected.AppendData(part.Span);
                written += part.Length;
            }
            await stream.FlushAsync();
            sha = stream.Sha256;
        }

        var hex = Convert.ToHexStringLower(expected.GetHashAndReset());
        sha.Should().Be(hex);
        new FileInfo(path).Length.Should().Be(written);
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))).Should().Be(hex);
    }
}
