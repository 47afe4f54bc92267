namespace DataPrep.Images.Kernels.Reference;

/// <summary>Rounding shared by the scalar references: half up, clamped to a byte.</summary>
public static class ScalarMath
{
    public static byte ToByte(double value) => (byte)Math.Clamp(Math.Floor(value + 0.5), 0, 255);
}
