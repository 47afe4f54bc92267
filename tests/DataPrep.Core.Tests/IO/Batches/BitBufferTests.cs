using DataPrep.IO.Batches;

namespace DataPrep.Tests.IO.Batches;

public sealed class BitBufferTests
{
    [Fact]
    public void AppendBits_AnyOffsetsAndLengths_SameAsBitByBit()
    {
        var random = new Random(7);
        for (var round = 0; round < 300; round++)
        {
            var source = new byte[random.Next(1, 40)];
            random.NextBytes(source);
            var fast = new BitBuffer(random.Next(1, 64));
            var reference = new BitBuffer(8);
            for (var piece = 0; piece < 4; piece++)
            {
                var offset = random.Next(0, source.Length * 8);
                var count = random.Next(0, source.Length * 8 - offset + 1);
                fast.AppendBits(source, offset, count);
                for (var i = 0; i < count; i++) reference.Append((source[(offset + i) >> 3] & (1 << ((offset + i) & 7))) != 0);
                if (random.Next(3) == 0)
                {
                    var many = random.Next(0, 20);
                    var bit = random.Next(2) == 0;
                    fast.AppendMany(bit, many);
                    for (var i = 0; i < many; i++) reference.Append(bit);
                }
            }
            fast.Length.Should().Be(reference.Length);
            fast.ZeroCount.Should().Be(reference.ZeroCount);
            fast.Detach(8).Should().Equal(reference.Detach(8));
        }
    }

    [Fact]
    public void Detach_ThenAppend_StartsEmpty()
    {
        var bits = new BitBuffer(16);
        bits.AppendMany(true, 13);
        bits.Detach(100).Should().Equal(0xFF, 0x1F);
        bits.Length.Should().Be(0);
        bits.Append(false);
        bits.Append(true);
        bits.ZeroCount.Should().Be(1);
        bits.Detach(0).Should().Equal(0x02);
    }
}
