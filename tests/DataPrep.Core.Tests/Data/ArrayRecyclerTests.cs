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
    public void Return_SmallArraysAndBeyondWhatIsKept_LeftToTheCollector()
    {
        var recycler = new ArrayRecycler(kept: 2);
        var tiny = new byte[1000];
        recycler.Return(tiny);
        recycler.Rent(500).Should().NotBeSameAs(tiny);

        byte[][] arrays = [new byte[70_000], new byte[80_000], new byte[90_000]];
        foreach (var a in arrays) recycler.Return(a);

        // The oldest made room: the two kept are the later ones.
        recycler.Rent(65_536).Should().BeSameAs(arrays[1]);
        recycler.Rent(65_536).Should().BeSameAs(arrays[2]);
        recycler.Rent(65_536).Should().NotBeSameAs(arrays[0]);
    }
}
