using System.Diagnostics;
using System.Text.Json;
using DataPrep.Commit;
using DataPrep.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataPrep.Tests.Commit;

public sealed class WriterLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Acquire_WhileHeld_ThrowsNamingTheHolder()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        using var first = WriterLease.Acquire(dir.Path, clock, "first");

        var second = () => WriterLease.Acquire(dir.Path, clock, "second");

        second.Should().Throw<LeaseHeldException>().WithMessage("*first, pid*").Which.Holder.Token.Should().Be(first.Record.Token);
    }

    [Fact]
    public void Acquire_HolderStoppedRenewing_TakenOverAfterExpiry()
    {
        using var dir = new TempDirectory();
        _ = WriterLease.Acquire(dir.Path, new FakeTimeProvider(Start), "stalled"); // its clock never moves: it never renews
        var clock = new FakeTimeProvider(Start + WriterLease.DefaultTtl - TimeSpan.FromSeconds(1));

        var early = () => WriterLease.Acquire(dir.Path, clock, "next");
        early.Should().Throw<LeaseHeldException>();
        clock.Advance(TimeSpan.FromSeconds(1));
        using var taken = WriterLease.Acquire(dir.Path, clock, "next");

        WriterLease.Read(dir.Path)!.Owner.Should().Be("next");
    }

    [Fact]
    public void Acquire_HolderRenewing_NeverExpires()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        using var holder = WriterLease.Acquire(dir.Path, clock, "holder");

        for (var i = 0; i < 40; i++) clock.Advance(TimeSpan.FromSeconds(30)); // 20 minutes, ten lease lifetimes

        var other = () => WriterLease.Acquire(dir.Path, clock, "other");
        other.Should().Throw<LeaseHeldException>();
        holder.EnsureHeld();
    }

    [Fact]
    public async Task Acquire_HolderProcessOnThisHostGone_TakenOverBeforeExpiry()
    {
        using var dir = new TempDirectory();
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await dead.WaitForExitAsync();
        var record = new LeaseRecord("killed run", "dead", dead.Id, Environment.MachineName, DateTimeOffset.UtcNow, Start, Start.AddHours(1));
        File.WriteAllBytes(Path.Combine(dir.Path, WriterLease.FileName), JsonSerializer.SerializeToUtf8Bytes(record, Manifest.Json));

        using var lease = WriterLease.Acquire(dir.Path, new FakeTimeProvider(Start), "next");

        WriterLease.Read(dir.Path)!.Owner.Should().Be("next");
    }

    [Fact]
    public void Acquire_LiveHolderOnAnotherHost_WaitsForExpiry()
    {
        using var dir = new TempDirectory();
        var record = new LeaseRecord("elsewhere", "t", 1, "some-other-host", null, Start, Start.AddMinutes(2));
        File.WriteAllBytes(Path.Combine(dir.Path, WriterLease.FileName), JsonSerializer.SerializeToUtf8Bytes(record, Manifest.Json));

        var take = () => WriterLease.Acquire(dir.Path, new FakeTimeProvider(Start.AddMinutes(1)), "next");

        take.Should().Throw<LeaseHeldException>("a pid on another host says nothing about this one");
    }

    [Fact]
    public void EnsureHeld_AfterTakeover_ThrowsLeaseLost()
    {
        using var dir = new TempDirectory();
        using var stalled = WriterLease.Acquire(dir.Path, new FakeTimeProvider(Start), "stalled");
        using var next = WriterLease.Acquire(dir.Path, new FakeTimeProvider(Start.AddHours(1)), "next");

        var commit = () => stalled.EnsureHeld();

        commit.Should().Throw<LeaseLostException>();
        next.EnsureHeld();
    }

    [Fact]
    public void Dispose_RemovesOnlyItsOwnLease()
    {
        using var dir = new TempDirectory();
        var stalled = WriterLease.Acquire(dir.Path, new FakeTimeProvider(Start), "stalled");
        using var next = WriterLease.Acquire(dir.Path, new FakeTimeProvider(Start.AddHours(1)), "next");

        stalled.Dispose();
        WriterLease.Read(dir.Path)!.Owner.Should().Be("next");
        next.Dispose();
        WriterLease.Read(dir.Path).Should().BeNull();
    }
}
