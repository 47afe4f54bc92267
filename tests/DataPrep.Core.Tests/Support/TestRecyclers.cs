using DataPrep.Data;

namespace DataPrep.Tests.Support;

internal static class TestRecyclers
{
    /// <summary>A recycler whose kept arrays are full of 0xAB, as after another batch: a buffer taken from it reads what was not written.</summary>
    public static ArrayRecycler Dirty()
    {
        var recycler = new ArrayRecycler(kept: 8);
        var arrays = Enumerable.Range(0, 6).Select(_ => recycler.Rent(1 << 20)).ToList();
        foreach (var array in arrays)
        {
            array.AsSpan().Fill(0xAB);
            recycler.Return(array);
        }
        return recycler;
    }
}
