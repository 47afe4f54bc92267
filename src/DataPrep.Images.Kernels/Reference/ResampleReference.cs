namespace DataPrep.Images.Kernels.Reference;

/// <summary>Scalar reference for <see cref="Resample"/>: the direct 2-D weighted sum in double precision, no separable intermediate.</summary>
public static class ResampleReference
{
    public static PixelImage Run(PixelImage source, CropRect crop, int width, int height, ResizeFilter filter, bool flipHorizontal = false, bool flipVertical = false)
    {
        var tx = ResampleTable.Build(source.Width, crop.X, crop.Width, width, filter, flipHorizontal);
        var ty = ResampleTable.Build(source.Height, crop.Y, crop.Height, height, filter, flipVertical);
        var c = source.Channels;
        var output = new PixelImage(width, height, c);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        for (var ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (var i = 0; i < ty.Count[y]; i++)
            for (var j = 0; j < tx.Count[x]; j++)
            {
                var w = (double)ty.Weights[y * ty.MaxTaps + i] * tx.Weights[x * tx.MaxTaps + j];
                sum += w * source.Data[((ty.Start[y] + i) * source.Width + tx.Start[x] + j) * c + ch];
            }
            output.Data[(y * width + x) * c + ch] = ScalarMath.ToByte(sum);
        }
        return output;
    }
}
