using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.Images.Kernels.Simd;

/// <summary>Eight floats.</summary>
internal readonly struct Lanes256(Vector256<float> value) : IFloatLanes<Lanes256>
{
    private readonly Vector256<float> _v = value;

    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ref float source) => new(Vector256.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, ref float destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LoadBytes(ref byte source)
    {
        if (Avx2.IsSupported)
            return new(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref source)).AsByte())));
        // 8 bytes in the low half of a 128-bit register, widened byte → ushort, then the low 8 ushorts → uint.
        var bytes = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref source)).AsByte();
        var ints = Vector256.WidenLower(Vector128.WidenLower(bytes).ToVector256Unsafe());
        return new(Vector256.ConvertToSingle(ints.AsInt32()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(Lanes256 value, ref byte destination)
    {
        if (Avx2.IsSupported)
        {
            // Packs work per 128-bit lane: bytes 0-3 of each lane hold lanes 0-3 and 4-7.
            var i = Avx.ConvertToVector256Int32WithTruncation(value._v + Vector256.Create(0.5f));
            var s = Avx2.PackSignedSaturate(i, i);
            var b = Avx2.PackUnsignedSaturate(s, s).AsUInt32();
            Unsafe.WriteUnaligned(ref destination, b.GetElement(0));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 4), b.GetElement(4));
            return;
        }
        var clamped = Vector256.Min(Vector256.Max(value._v + Vector256.Create(0.5f), Vector256<float>.Zero), Vector256.Create(255f));
        var ints = Vector256.ConvertToInt32(clamped).AsUInt32();
        var shorts = Vector256.Narrow(ints, ints).GetLower();
        var bytes = Vector128.Narrow(shorts, shorts);
        Unsafe.WriteUnaligned(ref destination, bytes.AsUInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 MultiplyAdd(Lanes256 a, Lanes256 b, Lanes256 c) => new(Vector256.FusedMultiplyAdd(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Multiply(Lanes256 a, Lanes256 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Add(Lanes256 a, Lanes256 b) => new(a._v + b._v);
}
