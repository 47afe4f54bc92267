using DataPrep.Commit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataPrep.Scheduling;

/// <summary>
/// Runs a pipeline on a cron schedule, in-process (<c>dataprep schedule</c>, or any .NET host).
/// <list type="bullet">
/// <item>Each slot is run under the output root's <see cref="WriterLease"/>, and its time is
/// recorded in the manifest (<c>scheduled_for</c>). Under the lease the scheduler first checks
/// that no version for this slot exists yet, so schedulers started on the same root (two
/// replicas, a restarted pod beside its old self) commit exactly one run per slot.</item>
/// <item>On start, and on waking late (a suspended machine), only the latest missed slot is run:
/// one catch-up, not one per missed slot.</item>
/// <item>Failures that retrying can fix are retried with backoff (<see cref="RetryPolicy"/>).</item>
/// <item>All time comes from the <see cref="TimeProvider"/>, so tests drive it with a fake clock.</item>
/// </list>
/// </summary>
public sealed class RefreshScheduler(Pipeline pipeline, NightlyRefreshOptions options, TimeProvider time, ILogger<RefreshScheduler>? logger = null)
    : BackgroundService
{
    private readonly CronSchedule _schedule = new(options.Cron, options.TimeZone);
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Raised when a slot ends, whatever its status.</summary>
    public event Action<SlotOutcome>? SlotFinished;

    public CronSchedule Schedule => _schedule;

    /// <summary>The slot the scheduler waits for now; null before it starts and after it stops.</summary>
    public DateTimeOffset? NextSlot { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Slots after the cursor are still to run. It moves to each slot handled, not to the clock,
        // so a run that overlaps the next slot is followed by that slot at once (and by one only).
        var cursor = time.GetUtcNow();
        if (LastScheduled() is { } last && _schedule.LatestDue(last, cursor) is { } missed)
        {
            _log.LogInformation("catching up the missed slot {Slot} (the last scheduled version was for {Last})", missed, last);
            await RunSlotAsync(missed, stoppingToken).ConfigureAwait(false);
        }
        try
        {
            while (_schedule.Next(cursor) is { } next)
            {
                NextSlot = next;
                _log.LogInformation("next run of '{Pipeline}' at {Slot}", pipeline.Definition.Name, next);
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                // Woken late (the machine slept through several slots): run the latest one, once.
                var due = _schedule.LatestDue(next.AddTicks(-1), time.GetUtcNow()) ?? next;
                await RunSlotAsync(due, stoppingToken).ConfigureAwait(false);
                cursor = due;
            }
        }
        finally { NextSlot = null; }
    }

    /// <summary>Runs one slot now: takes the lease, skips it when already committed, retries what retrying can fix.</summary>
    public async Task<SlotOutcome> RunSlotAsync(DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var outcome = await RunWithRetriesAsync(slot, cancellationToken).ConfigureAwait(false);
        var level = outcome.Status == SlotStatus.Failed ? LogLevel.Error : LogLevel.Information;
        _log.Log(level, "slot {Slot}: {Status} after {Attempts} attempt(s){Version}{Error}", slot, outcome.Status, outcome.Attempts,
            outcome.Version is { } v ? $", version {v}" : "", outcome.Error is { } e ? $": {e}" : "");
        SlotFinished?.Invoke(outcome);
        return outcome;
    }

    private async Task<SlotOutcome> RunWithRetriesAsync(DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var root = pipeline.OutputRoot;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                OutputRoot.Open(root);
                using var lease = WriterLease.Acquire(root, time, options.Owner);
                if (LastScheduled() is { } done && done >= slot) return new(slot, SlotStatus.AlreadyDone, attempt, null, null);
                var result = await pipeline.RunAsync(options.Run with { Lease = lease, ScheduledFor = slot, Time = time }, null, cancellationToken)
                    .ConfigureAwait(false);
                return new(slot, SlotStatus.Committed, attempt, result.Manifest.Version, null);
            }
            catch (LeaseHeldException e) { return new(slot, SlotStatus.LeaseHeld, attempt, null, e.Message); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!RetryPolicy.IsRetryable(e) || attempt >= options.Retry.MaxAttempts) return new(slot, SlotStatus.Failed, attempt, null, e.Message);
                var delay = options.Retry.DelayAfter(attempt);
                _log.LogWarning("slot {Slot}: attempt {Attempt} failed ({Error}); retrying in {Delay}", slot, attempt, e.Message, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DateTimeOffset? LastScheduled() =>
        RunHistory.Read(pipeline.OutputRoot).Select(m => m.ScheduledFor).FirstOrDefault(s => s is not null);
}
