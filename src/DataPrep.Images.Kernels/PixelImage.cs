namespace DataPrep.Images.Kernels;

/// <summary>An image as interleaved 8-bit pixels (row-major, <see cref="Channels"/> bytes per pixel, no row padding).</summary>
public sealed class PixelImage
{
    public PixelImage(int width, int height, int channels, byte[]? data = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 to 4 channels");
        Data = data ?? new byte[checked(width * height * channels)];
        if (Data.Length != width * height * channels)
            throw new ArgumentException($"{Data.Length} bytes for a {width}x{height}x{channels} image", nameof(data));
        Width = width;
        Height = height;
        Channels = channels;
    }

    public byte[] Data { get; }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * Channels;

    public Span<byte> Row(int y) => Data.AsSpan(y * Stride, Stride);

    public PixelImage Clone() => new(Width, Height, Channels, (byte[])Data.Clone());
}
