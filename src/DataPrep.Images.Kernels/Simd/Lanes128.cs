using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.Images.Kernels.Simd;

/// <summary>Four floats.</summary>
internal readonly struct Lanes128(Vector128<float> value) : IFloatLanes<Lanes128>
{
    private readonly Vector128<float> _v = value;

    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Broadcast(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(ref float source) => new(Vector128.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes128 value, ref float destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 LoadBytes(ref byte source)
    {
        if (Sse41.IsSupported)
            return new(Sse2.ConvertToVector128Single(Sse41.ConvertToVector128Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref source)).AsByte())));
        // 4 bytes in the low lane of a 128-bit register, widened byte → ushort → uint.
        var bytes = Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref source)).AsByte();
        var ints = Vector128.WidenLower(Vector128.WidenLower(bytes));
        return new(Vector128.ConvertToSingle(ints.AsInt32()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(Lanes128 value, ref byte destination)
    {
        if (Sse41.IsSupported)
        {
            // Truncate after +0.5 (= round half up for the values that matter); the saturating
            // packs clamp to 0..255 (negative → 0, over 255 → 255) on the way down.
            var i = Sse2.ConvertToVector128Int32WithTruncation(value._v + Vector128.Create(0.5f));
            var s = Sse2.PackSignedSaturate(i, i);
            Unsafe.WriteUnaligned(ref destination, Sse2.PackUnsignedSaturate(s, s).AsUInt32().ToScalar());
            return;
        }
        var clamped = Vector128.Min(Vector128.Max(value._v + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128.Create(255f));
        var ints = Vector128.ConvertToInt32(clamped).AsUInt32();
        var shorts = Vector128.Narrow(ints, ints);
        var bytes = Vector128.Narrow(shorts, shorts);
        Unsafe.WriteUnaligned(ref destination, bytes.AsUInt32().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 MultiplyAdd(Lanes128 a, Lanes128 b, Lanes128 c) => new(Vector128.FusedMultiplyAdd(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Multiply(Lanes128 a, Lanes128 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Add(Lanes128 a, Lanes128 b) => new(a._v + b._v);
}
