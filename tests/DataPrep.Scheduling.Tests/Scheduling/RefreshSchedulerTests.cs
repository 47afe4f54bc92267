using DataPrep.Commit;
using DataPrep.Scheduling;
using DataPrep.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataPrep.Tests.Scheduling;

/// <summary>
/// The scheduler on a fake clock. Waits on real time appear only as hang guards (a run that never
/// ends fails the test after a minute); no assertion depends on how fast anything is.
/// </summary>
public sealed class RefreshSchedulerTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TwoSchedulers_SameOutputRoot_ExactlyOneCommitPerSlot()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Landing.Write(dir, "day-0.csv", 0, 50, clock.GetUtcNow());
        var options = new NightlyRefreshOptions { Cron = "0 2 * * *", TimeZone = "Europe/Berlin" };
        var outcomes = new List<(string Who, SlotOutcome Outcome)>();
        using var a = new RefreshScheduler(Landing.Pipeline(dir), options with { Owner = "a" }, clock);
        using var b = new RefreshScheduler(Landing.Pipeline(dir), options with { Owner = "b" }, clock);
        a.SlotFinished += o => { lock (outcomes) outcomes.Add(("a", o)); };
        b.SlotFinished += o => { lock (outcomes) outcomes.Add(("b", o)); };
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);

        for (var night = 1; night <= 3; night++)
        {
            Landing.Write(dir, $"day-{night}.csv", night * 100, 50, clock.GetUtcNow());
            var slot = a.Schedule.Next(clock.GetUtcNow())!.Value;
            await WaitAsync(() => a.NextSlot == slot && b.NextSlot == slot);
            clock.SetUtcNow(slot.AddMinutes(1));
            await WaitAsync(() => { lock (outcomes) return outcomes.Count(o => o.Outcome.Slot == slot) == 2; });
            clock.Advance(TimeSpan.FromHours(10));
        }
        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);

        var bySlot = outcomes.GroupBy(o => o.Outcome.Slot).ToList();
        bySlot.Should().HaveCount(3);
        foreach (var slot in bySlot)
        {
            slot.Count(o => o.Outcome.Status == SlotStatus.Committed).Should().Be(1, $"slot {slot.Key} must be committed once");
            slot.Select(o => o.Outcome.Status).Should().OnlyContain(s => s == SlotStatus.Committed || s == SlotStatus.LeaseHeld || s == SlotStatus.AlreadyDone);
        }
        var manifests = RunHistory.Read(dir.Combine("out"));
        manifests.Select(m => m.ScheduledFor).Should().OnlyHaveUniqueItems().And.HaveCount(3);
        manifests.Select(m => m.ScheduledFor!.Value.ToOffset(TimeSpan.FromHours(1)).Hour).Should().OnlyContain(h => h == 2, "02:00 in Berlin (CET in March)");
    }

    [Fact]
    public async Task Start_AfterThreeMissedSlots_CatchesUpOnceThenKeepsTheSchedule()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        Landing.Write(dir, "day-0.csv", 0, 50, clock.GetUtcNow());
        var pipeline = Landing.Pipeline(dir);
        var options = new NightlyRefreshOptions { Cron = "0 2 * * *" };
        using (var first = new RefreshScheduler(pipeline, options, clock))
            (await first.RunSlotAsync(clock.GetUtcNow(), CancellationToken.None)).Status.Should().Be(SlotStatus.Committed);

        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(5)); // down for three nights
        var outcomes = new List<SlotOutcome>();
        using var scheduler = new RefreshScheduler(pipeline, options, clock);
        scheduler.SlotFinished += o => { lock (outcomes) outcomes.Add(o); };
        await scheduler.StartAsync(CancellationToken.None);
        await WaitAsync(() => { lock (outcomes) return outcomes.Count == 1; });
        await WaitAsync(() => scheduler.NextSlot == new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero));
        clock.Advance(TimeSpan.FromDays(1));
        await WaitAsync(() => { lock (outcomes) return outcomes.Count == 2; });
        await scheduler.StopAsync(CancellationToken.None);

        outcomes.Select(o => (o.Slot, o.Status)).Should().Equal(
            (new DateTimeOffset(2026, 3, 4, 2, 0, 0, TimeSpan.Zero), SlotStatus.Committed),
            (new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero), SlotStatus.Committed));
        RunHistory.Read(dir.Combine("out")).Should().HaveCount(3, "one run on the first night, one catch-up, one on schedule");
    }

    [Fact]
    public async Task RunSlot_SlotAlreadyCommitted_DoesNothing()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        Landing.Write(dir, "day-0.csv", 0, 50, clock.GetUtcNow());
        using var scheduler = new RefreshScheduler(Landing.Pipeline(dir), new NightlyRefreshOptions { Cron = "0 2 * * *" }, clock);
        await scheduler.RunSlotAsync(clock.GetUtcNow(), CancellationToken.None);

        var again = await scheduler.RunSlotAsync(clock.GetUtcNow(), CancellationToken.None);

        again.Status.Should().Be(SlotStatus.AlreadyDone);
        RunHistory.Read(dir.Combine("out")).Should().HaveCount(1);
    }

    [Fact]
    public async Task RunSlot_InputsMissingAtFirst_RetriedWithBackoffOnTheClock()
    {
        using var dir = new TempDirectory();
        var start = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        Landing.Write(dir, "day-0.csv", 0, 50, start);
        var pipeline = Landing.Pipeline(dir);
        File.Move(dir.Combine("in", "day-0.csv"), dir.Combine("day-0.csv")); // the night's file is late
        var retry = new RetryPolicy { MaxAttempts = 3, FirstDelay = TimeSpan.FromMinutes(5) };
        var log = new ListLogger();
        using var scheduler = new RefreshScheduler(pipeline, new NightlyRefreshOptions { Cron = "0 2 * * *", Retry = retry }, clock, log);

        var run = scheduler.RunSlotAsync(start, CancellationToken.None);
        await WaitAsync(() => log.Contains("retrying in 00:05:00"));
        File.Move(dir.Combine("day-0.csv"), dir.Combine("in", "day-0.csv")); // it arrives during the first backoff
        await WaitAsync(() => { if (!run.IsCompleted) clock.Advance(TimeSpan.FromMinutes(1)); return run.IsCompleted; });
        var outcome = await run;

        outcome.Should().BeEquivalentTo(new { Status = SlotStatus.Committed, Attempts = 2, Version = 1 });
        clock.GetUtcNow().Should().BeOnOrAfter(start.AddMinutes(5), "the retry waited for its backoff on the clock");
    }

    [Fact]
    public async Task RunSlot_TooManyBadRows_FailsWithoutRetry()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        File.WriteAllLines(dir.Combine("bad.csv"), ["id,amount", "1,500", "2,600"]);
        Directory.CreateDirectory(dir.Combine("in"));
        File.Move(dir.Combine("bad.csv"), dir.Combine("in", "bad.csv"));
        using var scheduler = new RefreshScheduler(Landing.Pipeline(dir), new NightlyRefreshOptions { Cron = "0 2 * * *" }, clock);

        var outcome = await scheduler.RunSlotAsync(clock.GetUtcNow(), CancellationToken.None).WaitAsync(HangGuard);

        outcome.Status.Should().Be(SlotStatus.Failed);
        outcome.Attempts.Should().Be(1, "the same data fails the same way: retrying cannot help");
        clock.GetUtcNow().Should().Be(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("2026-01-10T12:00:00Z", "2026-01-11T01:00:00Z")] // CET, UTC+1
    [InlineData("2026-07-10T12:00:00Z", "2026-07-11T00:00:00Z")] // CEST, UTC+2
    [InlineData("2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z")] // 02:00 does not exist that night: Cronos runs at 03:00 CEST
    public void Next_BerlinTwoAm_FollowsDaylightSaving(string after, string expected)
    {
        var schedule = new CronSchedule("0 2 * * *", "Europe/Berlin");

        schedule.Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LatestDue_ManyMissedSlots_OnlyTheLatest()
    {
        var schedule = new CronSchedule("0 2 * * *", null);
        var last = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

        schedule.LatestDue(last, last.AddDays(10).AddHours(1)).Should().Be(last.AddDays(10));
        schedule.LatestDue(last, last.AddHours(23)).Should().BeNull();
    }

    [Fact]
    public void Constructor_BadCronOrZone_ThrowsClearly()
    {
        var cron = () => new CronSchedule("every night", null);
        var zone = () => new CronSchedule("0 2 * * *", "Mars/Olympus");

        cron.Should().Throw<ArgumentException>().WithMessage("'every night' is not a cron expression*");
        zone.Should().Throw<ArgumentException>().WithMessage("unknown time zone 'Mars/Olympus'*");
    }

    internal static async Task WaitAsync(Func<bool> condition)
    {
        var guard = DateTime.UtcNow + HangGuard;
        while (!condition())
        {
            if (DateTime.UtcNow > guard) throw new TimeoutException("the scheduler did not get there (hang guard)");
            await Task.Delay(10);
        }
    }
}
