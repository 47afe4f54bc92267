using DataPrep.Reports.Profiling;

namespace DataPrep.Tests.Reports;

public sealed class InOrderMergerTests
{
    [Fact]
    public async Task Add_ConcurrentlyInAnyOrder_MergesInSequenceOrder()
    {
        var merged = new List<long>();
        var merger = new InOrderMerger<object>(p => merged.Add((long)p)); // called under the merger's lock
        var order = Enumerable.Range(0, 2000).Select(i => (long)i).OrderBy(i => (i * 7919) % 2003).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var k = t; k < order.Length; k += 4) merger.Add(order[k], order[k] % 5 == 0 ? null : order[k]);
        })));
        merger.Flush();

        merged.Should().Equal(Enumerable.Range(0, 2000).Select(i => (long)i).Where(i => i % 5 != 0), "null partials are skipped, the rest merge in sequence order");
    }

    [Fact]
    public void Flush_AfterAGap_MergesTheWaitingInOrder()
    {
        var merged = new List<long>();
        var merger = new InOrderMerger<object>(p => merged.Add((long)p));
        merger.Add(3, 3L);
        merger.Add(0, 0L);
        merger.Add(2, 2L);
        merged.Should().Equal(0L);

        merger.Flush();

        merged.Should().Equal(0L, 2L, 3L);
    }

    [Fact]
    public void Add_SameSequenceTwice_Throws()
    {
        var merger = new InOrderMerger<object>(_ => { });
        merger.Add(0, null);
        merger.Add(2, null);

        merger.Invoking(m => m.Add(0, null)).Should().Throw<InvalidOperationException>().WithMessage("*batch 0*twice*");
        merger.Invoking(m => m.Add(2, null)).Should().Throw<InvalidOperationException>().WithMessage("*batch 2*twice*");
    }
}
