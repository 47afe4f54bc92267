using System.Diagnostics;
using System.Text.Json;

namespace DataPrep.Commit;

/// <summary>
/// One writer at a time on an output root: a lease file (<c>_lease.json</c>) naming its holder
/// (owner, pid, host, process start) and an expiry that a timer renews while the holder runs.
/// <para>
/// Reading, judging and replacing the lease file happen under a short exclusive OS lock
/// (<c>_lease.lock</c>), so two contenders cannot both take over a dead holder's lease. The OS
/// lock is released when its process dies; the lease file is not, which is why it carries an
/// expiry and a pid: it is taken over when it has expired, or when its holder ran on this host
/// and its process is gone (checked by pid and process start time, so a reused pid is not
/// mistaken for the holder).
/// </para>
/// </summary>
public sealed class WriterLease : IDisposable
{
    public const string FileName = "_lease.json";
    private const string LockName = "_lease.lock";

    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly ITimer _renewal;
    private LeaseRecord _record;
    private int _released;

    private WriterLease(string root, TimeProvider time, TimeSpan ttl, LeaseRecord record)
    {
        _root = root;
        _time = time;
        _ttl = ttl;
        _record = record;
        var every = ttl / 3;
        _renewal = time.CreateTimer(_ => Renew(), null, every, every);
    }

    /// <summary>Default time a lease lasts without renewal; a holder renews it every third of it.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(2);

    /// <summary>The output root the lease guards.</summary>
    public string Root => _root;

    /// <summary>What the lease file says about its holder (this process).</summary>
    public LeaseRecord Record => Volatile.Read(ref _record);

    /// <summary>True once a renewal found the lease taken over (this holder stalled past its expiry).</summary>
    public bool Lost { get; private set; }

    /// <summary>
    /// Takes the lease of <paramref name="root"/>, or throws <see cref="LeaseHeldException"/> naming
    /// the live holder. The root folder must exist.
    /// </summary>
    public static WriterLease Acquire(string root, TimeProvider time, string owner, TimeSpan? ttl = null)
    {
        var lifetime = ttl ?? DefaultTtl;
        using var gate = Lock(root);
        var now = time.GetUtcNow();
        var current = Read(root);
        if (current is not null && !IsStale(current, now, out _)) throw new LeaseHeldException(root, current);
        var record = Mine(owner, now, lifetime);
        Write(root, record);
        return new WriterLease(root, time, lifetime, record);
    }

    /// <summary>The lease file as it is now, or null when there is none.</summary>
    public static LeaseRecord? Read(string root)
    {
        var path = Path.Combine(root, FileName);
        try { return JsonSerializer.Deserialize<LeaseRecord>(File.ReadAllBytes(path), Manifest.Json); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (JsonException) { return null; } // a lease torn by a crash while being written is no lease
    }

    /// <summary>Whether a lease may be taken over, and why.</summary>
    public static bool IsStale(LeaseRecord lease, DateTimeOffset now, out string reason)
    {
        if (lease.ExpiresUtc <= now) { reason = $"it expired at {lease.ExpiresUtc:u}"; return true; }
        if (string.Equals(lease.Host, Environment.MachineName, StringComparison.Ordinal) && !ProcessAlive(lease.Pid, lease.ProcessStartUtc))
        {
            reason = $"its process {lease.Pid} on this host is gone";
            return true;
        }
        reason = "";
        return false;
    }

    /// <summary>Throws <see cref="LeaseLostException"/> unless the lease file still names this holder. Called just before a commit.</summary>
    public void EnsureHeld()
    {
        using var gate = Lock(_root);
        var current = Read(_root);
        if (Lost || current is null || current.Token != Record.Token)
        {
            Lost = true;
            throw new LeaseLostException(_root, current);
        }
    }

    private void Renew()
    {
        if (Volatile.Read(ref _released) != 0 || Lost) return;
        try
        {
            using var gate = Lock(_root);
            var current = Read(_root);
            if (current is null || current.Token != Record.Token) { Lost = true; return; }
            var renewed = current with { ExpiresUtc = _time.GetUtcNow() + _ttl };
            Write(_root, renewed);
            Volatile.Write(ref _record, renewed);
        }
        // A timer callback must not throw: the next tick tries again, and the expiry leaves two more chances.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Stops renewing and removes the lease file if it still names this holder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        _renewal.Dispose();
        try
        {
            using var gate = Lock(_root);
            if (Read(_root)?.Token == Record.Token) File.Delete(Path.Combine(_root, FileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // an expired lease is taken over: leaving it is safe
    }

    private static LeaseRecord Mine(string owner, DateTimeOffset now, TimeSpan ttl)
    {
        using var self = Process.GetCurrentProcess();
        return new LeaseRecord(owner, Guid.NewGuid().ToString("N"), Environment.ProcessId, Environment.MachineName,
            new DateTimeOffset(self.StartTime.ToUniversalTime()), now, now + ttl);
    }

    private static bool ProcessAlive(int pid, DateTimeOffset? started)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited) return false;
            // A pid the system gave to another process since: not the holder.
            return started is null || Math.Abs((process.StartTime.ToUniversalTime() - started.Value.UtcDateTime).TotalSeconds) < 2;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void Write(string root, LeaseRecord record)
    {
        var temporary = Path.Combine(root, $".lease.{record.Token}.tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, record, Manifest.Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(root, FileName), overwrite: true);
    }

    private static FileStream Lock(string root)
    {
        var path = Path.Combine(root, LockName);
        // Held for a few file operations only; a contender waits, it never judges the lease unlocked.
        for (var attempt = 0; ; attempt++)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (attempt < 600) { Thread.Sleep(10); }
        }
    }
}

/// <summary>The content of a lease file.</summary>
public sealed record LeaseRecord(string Owner, string Token, int Pid, string Host, DateTimeOffset? ProcessStartUtc,
    DateTimeOffset AcquiredUtc, DateTimeOffset ExpiresUtc);

/// <summary>Another live writer holds the output root's lease; this run did nothing.</summary>
public sealed class LeaseHeldException(string root, LeaseRecord holder)
    : Exception($"another run holds the lease of '{root}': {holder.Owner}, pid {holder.Pid} on {holder.Host}, until {holder.ExpiresUtc:u}; nothing was done")
{
    public LeaseRecord Holder { get; } = holder;
}

/// <summary>The lease was taken over while this run worked (it stalled past the expiry); nothing was committed.</summary>
public sealed class LeaseLostException(string root, LeaseRecord? holder)
    : Exception($"the lease of '{root}' was taken over{(holder is null ? "" : $" by {holder.Owner}, pid {holder.Pid} on {holder.Host}")} while this run worked; nothing was committed");
