namespace DataPrep.Images.Codecs;

/// <summary>
/// What to decode once the header is known (<see cref="IImageCodec.DecodeWith"/>): the whole image
/// (at a reduced size when <see cref="MinWidth"/> and <see cref="MinHeight"/> allow DCT scaling),
/// or only <see cref="Region"/> at full resolution.
/// </summary>
/// <param name="Channels">1 gray, 3 RGB, 4 RGBA (a region: 3 or 4).</param>
public readonly record struct DecodeRequest(int Channels, int MinWidth = 0, int MinHeight = 0, (int X, int Y, int Width, int Height)? Region = null);
