namespace DataPrep.Images.Kernels.Simd;

/// <summary>
/// One float vector width (Vector128, Vector256 or Vector512) as a static interface, so each hot
/// loop is written once as a generic method over <typeparamref name="TSelf"/> and the JIT emits a
/// specialised copy per width (struct type arguments are never shared). <see cref="Lanes"/> picks
/// the widest width the hardware accelerates at run time.
/// </summary>
internal interface IFloatLanes<TSelf> where TSelf : struct, IFloatLanes<TSelf>
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TSelf Broadcast(float value);

    static abstract TSelf Load(ref float source);

    static abstract void Store(TSelf value, ref float destination);

    /// <summary>Loads <see cref="Count"/> bytes and widens them to floats.</summary>
    static abstract TSelf LoadBytes(ref byte source);

    /// <summary>Rounds half up, clamps to 0..255 and stores <see cref="Count"/> bytes.</summary>
    static abstract void StoreBytes(TSelf value, ref byte destination);

    /// <summary><paramref name="a"/> × <paramref name="b"/> + <paramref name="c"/>, fused where the hardware can.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Multiply(TSelf a, TSelf b);

    static abstract TSelf Add(TSelf a, TSelf b);
}
