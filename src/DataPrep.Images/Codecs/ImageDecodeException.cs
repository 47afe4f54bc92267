namespace DataPrep.Images.Codecs;

/// <summary>An image that cannot be decoded; <see cref="Reason"/> becomes the quarantine code's suffix.</summary>
public sealed class ImageDecodeException(string reason, string message) : Exception(message)
{
    public const string Corrupt = "corrupt";
    public const string Truncated = "truncated";
    public const string TooLarge = "too_large";

    /// <summary><see cref="Corrupt"/>, <see cref="Truncated"/> or <see cref="TooLarge"/>.</summary>
    public string Reason { get; } = reason;
}
