using DataPrep.Commit;
using DataPrep.Scheduling;
using DataPrep.Tests.Scheduling;
using DataPrep.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NightlyWorker;

namespace DataPrep.Tests.Examples;

/// <summary>examples/nightly-worker: the host it builds runs its shipped pipeline at 02:00 Berlin time.</summary>
public sealed class NightlyWorkerTests
{
    [Fact]
    public async Task Host_FakeClockPastTwoAmBerlin_CommitsTheShippedPipelineOnce()
    {
        using var dir = new TempDirectory();
        var example = Path.Combine(CliRoot(), "examples", "nightly-worker");
        File.Copy(Path.Combine(example, "pipeline.yaml"), dir.Combine("pipeline.yaml"));
        Directory.CreateDirectory(dir.Combine("landing"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(example, "landing"))) File.Copy(file, dir.Combine("landing", Path.GetFileName(file)));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));

        using var host = NightlyWorkerHost.Create([$"--Nightly:Pipeline={dir.Combine("pipeline.yaml")}"], s => s.AddSingleton<TimeProvider>(clock));
        var scheduler = host.Services.GetRequiredService<RefreshScheduler>();
        var outcomes = new List<SlotOutcome>();
        scheduler.SlotFinished += o => { lock (outcomes) outcomes.Add(o); };
        await host.StartAsync();
        var slot = new DateTimeOffset(2026, 1, 11, 1, 0, 0, TimeSpan.Zero); // 02:00 CET
        await RefreshSchedulerTests.WaitAsync(() => scheduler.NextSlot == slot);
        clock.SetUtcNow(slot.AddSeconds(1));
        await RefreshSchedulerTests.WaitAsync(() => { lock (outcomes) return outcomes.Count == 1; });
        await host.StopAsync();

        outcomes.Single().Should().BeEquivalentTo(new { Slot = slot, Status = SlotStatus.Committed, Version = 1 });
        var manifest = OutputRoot.ReadLatest(dir.Combine("out"))!;
        manifest.Ledger.RowsWritten.Should().Be(3, "of 5 orders one has no country (quarantined) and one an amount of 0 (filtered)");
        manifest.Refresh!.Mode.Should().Be("full");
    }

    private static string CliRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "DataPrep.sln"))) d = d.Parent;
        return d!.FullName;
    }
}
