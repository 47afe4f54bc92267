namespace DataPrep.Images.Kernels;

/// <summary>
/// An affine colour transform <c>out = M · rgb + offset</c> (3 × 3 matrix, row-major). Brightness,
/// contrast, saturation and hue rotation are all affine, so a whole color jitter composes into one
/// matrix and one pass, clamped once at the end (torchvision clamps after each op; the results
/// differ only where an intermediate would leave 0..255).
/// </summary>
public sealed record ColorMatrix(float[] M, float[] Offset)
{
    /// <summary>ITU-R BT.601 luma weights, as torchvision's grayscale.</summary>
    public static readonly float[] Luma = [0.299f, 0.587f, 0.114f];

    public static ColorMatrix Grayscale() => new([.. Luma, .. Luma, .. Luma], [0, 0, 0]);

    /// <param name="brightness">Factor, 1 = unchanged.</param>
    /// <param name="contrast">Factor towards the image's mean gray, 1 = unchanged.</param>
    /// <param name="saturation">Factor towards each pixel's gray, 1 = unchanged.</param>
    /// <param name="hue">Rotation of the chroma plane in turns, in [-0.5, 0.5]; 0 = unchanged.</param>
    /// <param name="meanGray">Mean luma of the input image (0..255), for contrast.</param>
    public static ColorMatrix Jitter(double brightness, double contrast, double saturation, double hue, double meanGray)
    {
        // Saturation: s·I + (1-s)·1·lumaᵀ. Hue: rotate I and Q in YIQ space (Y, hence gray, is kept).
        var s = new double[9];
        for (var r = 0; r < 3; r++)
        for (var c = 0; c < 3; c++)
            s[r * 3 + c] = (r == c ? saturation : 0) + (1 - saturation) * Luma[c];
        var h = HueMatrix(hue);
        var m = new float[9];
        for (var r = 0; r < 3; r++)
        for (var c = 0; c < 3; c++)
        {
            double sum = 0;
            for (var k = 0; k < 3; k++) sum += h[r * 3 + k] * s[k * 3 + c];
            m[r * 3 + c] = (float)(sum * contrast * brightness);
        }
        // Both saturation and hue map gray to itself, so contrast's offset passes through unchanged.
        var o = (float)((1 - contrast) * brightness * meanGray);
        return new ColorMatrix(m, [o, o, o]);
    }

    private static double[] HueMatrix(double turns)
    {
        double[] toYiq = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];
        double[] fromYiq = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703];
        var (sin, cos) = Math.SinCos(turns * 2 * Math.PI);
        double[] rot = [1, 0, 0, 0, cos, -sin, 0, sin, cos];
        return Multiply(fromYiq, Multiply(rot, toYiq));
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var m = new double[9];
        for (var r = 0; r < 3; r++)
        for (var c = 0; c < 3; c++)
        for (var k = 0; k < 3; k++)
            m[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
        return m;
    }
}
