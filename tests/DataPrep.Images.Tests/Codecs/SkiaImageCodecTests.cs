using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Codecs;

public class SkiaImageCodecTests
{
    /// <summary>The interface's default <see cref="IImageCodec.DecodeWith"/> (header and pixels read separately), for comparison.</summary>
    private sealed class TwoOpens : IImageCodec
    {
        public ImageHeader ReadHeader(ReadOnlySpan<byte> encoded) => SkiaImageCodec.Instance.ReadHeader(encoded);
        public PixelImage Decode(ReadOnlySpan<byte> encoded, long maxPixels, int channels = 3, int minWidth = 0, int minHeight = 0) =>
            SkiaImageCodec.Instance.Decode(encoded, maxPixels, channels, minWidth, minHeight);
        public PixelImage DecodeRegion(ReadOnlySpan<byte> encoded, long maxPixels, int channels, int x, int y, int width, int height) =>
            SkiaImageCodec.Instance.DecodeRegion(encoded, maxPixels, channels, x, y, width, height);
        public byte[] Encode(PixelImage image, ImageFormat format, int quality = 90) => SkiaImageCodec.Instance.Encode(image, format, quality);
    }

    public static TheoryData<ImageFormat, DecodeRequest> Requests() => new()
    {
        { ImageFormat.Jpeg, new DecodeRequest(3) },
        { ImageFormat.Jpeg, new DecodeRequest(1) },
        { ImageFormat.Jpeg, new DecodeRequest(4) },
        { ImageFormat.Jpeg, new DecodeRequest(3, 60, 50) },
        { ImageFormat.Jpeg, new DecodeRequest(3, Region: (37, 21, 90, 70)) },
        { ImageFormat.Png, new DecodeRequest(3, Region: (37, 21, 90, 70)) },
        { ImageFormat.Png, new DecodeRequest(1) },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void DecodeWith_AnyRequest_SameHeaderAndBytesAsSeparateCalls(ImageFormat format, DecodeRequest request)
    {
        var scene = SyntheticImages.Scene(4, 200, 150);
        var encoded = format == ImageFormat.Png ? SyntheticImages.Png(scene) : SyntheticImages.Jpeg(scene);
        ImageHeader? seen = null;
        var (header, image) = ((IImageCodec)SkiaImageCodec.Instance).DecodeWith(encoded, long.MaxValue, h => { seen = h; return request; });
        var (expectedHeader, expected) = ((IImageCodec)new TwoOpens()).DecodeWith(encoded, long.MaxValue, _ => request);
        seen.Should().Be(header);
        header.Should().Be(expectedHeader).And.Be(SkiaImageCodec.Instance.ReadHeader(encoded));
        (image.Width, image.Height, image.Channels).Should().Be((expected.Width, expected.Height, expected.Channels));
        image.Data.Should().Equal(expected.Data);
    }

    [Fact]
    public void DecodeWith_ChooserRefuses_ExceptionReachesTheCaller()
    {
        var encoded = SyntheticImages.Jpeg(SyntheticImages.Scene(1, 64, 48));
        FluentActions.Invoking(() => SkiaImageCodec.Instance.DecodeWith(encoded, long.MaxValue,
                h => throw new ImageDecodeException(ImageDecodeException.TooLarge, $"{h.Width}x{h.Height} refused")))
            .Should().Throw<ImageDecodeException>().WithMessage("64x48 refused");
        FluentActions.Invoking(() => SkiaImageCodec.Instance.DecodeWith(encoded, 1000, _ => new DecodeRequest(3)))
            .Should().Throw<ImageDecodeException>().Which.Reason.Should().Be(ImageDecodeException.TooLarge);
    }

    // RGB and gray decodes go through a pooled RGBA buffer; a bigger image decoded first leaves
    // other bytes in it. The RGB pixels must still be exactly the RGBA decode's (which is not pooled).
    [Fact]
    public void Decode_PooledBufferAfterALargerImage_SameRgbAsTheRgbaDecode()
    {
        var big = SyntheticImages.Jpeg(SyntheticImages.Scene(2, 400, 300));
        var small = SyntheticImages.Jpeg(SyntheticImages.Scene(3, 120, 90));
        for (var round = 0; round < 3; round++)
        {
            SkiaImageCodec.Instance.Decode(big, long.MaxValue, 3);
            var rgb = SkiaImageCodec.Instance.Decode(small, long.MaxValue, 3);
            var rgba = SkiaImageCodec.Instance.Decode(small, long.MaxValue, 4);
            for (var p = 0; p < 120 * 90; p++)
                rgb.Data.AsSpan(p * 3, 3).ToArray().Should().Equal(rgba.Data.AsSpan(p * 4, 3).ToArray(), $"pixel {p}");
            SkiaImageCodec.Instance.DecodeRegion(big, long.MaxValue, 3, 0, 0, 400, 300);
            var region = SkiaImageCodec.Instance.DecodeRegion(small, long.MaxValue, 3, 10, 10, 60, 40);
            var regionRgba = SkiaImageCodec.Instance.DecodeRegion(small, long.MaxValue, 4, 10, 10, 60, 40);
            for (var p = 0; p < 60 * 40; p++)
                region.Data.AsSpan(p * 3, 3).ToArray().Should().Equal(regionRgba.Data.AsSpan(p * 4, 3).ToArray(), $"region pixel {p}");
        }
    }
}
