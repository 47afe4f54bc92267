using DataPrep.Definition;

namespace DataPrep.Images;

/// <summary>Diagnostic codes of the image steps (range DP0900–DP0949, declared in <see cref="DiagnosticCodes"/>).</summary>
public static class ImageDiagnostics
{
    /// <summary>An augment op after normalize, or normalize without tensor output.</summary>
    public const string NormalizeNotLast = DiagnosticCodes.ImageNormalizeNotLast;

    /// <summary>The image column is not binary.</summary>
    public const string NotBinary = DiagnosticCodes.ImageColumnNotBinary;

    /// <summary><c>device: gpu</c> but no usable GPU.</summary>
    public const string NoGpu = DiagnosticCodes.ImageNoGpu;
}
