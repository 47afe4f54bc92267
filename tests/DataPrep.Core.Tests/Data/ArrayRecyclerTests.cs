using DataPrep.Data;

namespace DataPrep.Tests.Data;

public sealed class ArrayRecyclerTests
{
    [Fact]
    public void Rent_AfterReturns_TheSmallestArrayThatFitsAndEachOnlyOnce()
    {
        var recycler = new ArrayRecycler(kept: 4);
        var small = recycler.Rent(100_000);
        var large = recycler.Rent(300_000);
        small.Length.Should().BeGreaterThan(100_000, "arrays come with room to spare for a slightly longer next batch");

        recycler.Return(large);
        recycler.Return(small);
        recycler.Return(small); // one array under two buffers: kept once

        recycler.Rent(90_000).Should().BeSameAs(small);
        recycler.Rent(90_000).Should().BeSameAs(large);
        recycler.Rent(90_000).Should().NotBeSameAs(small).And.NotBeSameAs(large);
        recycler.Reused.Should().Be(2);
    }

    [Fact]
    public void Return_ArraysItDidNotLendSmallOnesAndBeyondWhatIsKept_LeftAlone()
    {
        var recycler = new ArrayRecycler(kept: 2);
        var foreign = new byte[100_000];
        recycler.Return(foreign);
        recycler.Rent(90_000).Should().NotBeSameAs(foreign, "only arrays it handed out come back");
        var tiny = recycler.Rent(1000);
        recycler.Return(tiny);
        recycler.Rent(500).Should().NotBeSameAs(tiny, "small arrays are the collector's");

        byte[][] arrays = [recycler.Rent(70_000), recycler.Rent(80_000), recycler.Rent(90_000)];
        foreach (var a in arrays) recycler.Return(a);

        // The oldest made room: the two kept are the later ones.
        recycler.Rent(65_536).Should().BeSameAs(arrays[1]);
        recycler.Rent(65_536).Should().BeSameAs(arrays[2]);
        recycler.Rent(65_536).Should().NotBeSameAs(arrays[0]);
    }

    [Fact]
    public void RentZeroed_AReusedArray_ZeroesTheBytesAskedFor()
    {
        var recycler = new ArrayRecycler(kept: 1);
        var array = recycler.Rent(100_000);
        array.AsSpan().Fill(0xFF);
        recycler.Return(array);

        var again = recycler.RentZeroed(90_000);

        again.Should().BeSameAs(array);
        again.AsSpan(0, 90_000).IndexOfAnyExcept((byte)0).Should().Be(-1);
    }
}
