using System.Text.Json;

namespace DataPrep.Commit;

/// <summary>
/// Removes old versions of an output root: their manifests first (so no reader picks them), then
/// the version folders that no kept manifest lists a file from (incremental versions list parts of
/// older folders), then staging folders left by runs that died. The newest version is always kept.
/// Run it holding the root's <see cref="WriterLease"/>, so no staging folder belongs to a live run.
/// </summary>
public static class Retention
{
    /// <summary>Keeps the newest <paramref name="keep"/> versions and any version younger than <paramref name="window"/>; returns the versions removed.</summary>
    public static IReadOnlyList<int> Apply(string root, int keep, TimeSpan? window, DateTimeOffset now)
    {
        var manifests = RunHistory.Read(root);
        if (manifests.Count == 0) return [];
        keep = Math.Max(1, keep);
        var kept = manifests.Take(keep).ToList();
        var removed = manifests.Skip(keep).Where(m => window is null || now - m.CreatedUtc > window.Value).ToList();
        kept.AddRange(manifests.Skip(keep).Except(removed));

        foreach (var manifest in removed) File.Delete(Path.Combine(root, RunHistory.ManifestFolder, OutputRoot.VersionFolder(manifest.Version) + ".json"));
        var referenced = kept.SelectMany(m => m.Files).Select(f => f.Path.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var manifest in removed)
        {
            var folder = OutputRoot.VersionFolder(manifest.Version);
            var path = Path.Combine(root, folder);
            if (!referenced.Contains(folder) && Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        var oldest = kept.Min(m => m.CreatedUtc);
        foreach (var failure in RunHistory.Failures(root).Where(f => f.EndedUtc < oldest))
            File.Delete(Path.Combine(root, RunHistory.FailureFolder, failure.RunId + ".json"));
        var staging = Path.Combine(root, "_staging");
        if (Directory.Exists(staging))
            foreach (var dir in Directory.EnumerateDirectories(staging)) Directory.Delete(dir, recursive: true);
        return removed.Select(m => m.Version).ToList();
    }
}

/// <summary>
/// The history of an output root (<c>dataprep runs list</c>): the committed versions from their
/// manifests, and the runs that failed or were cancelled from the small records they leave in
/// <c>_runs/</c> (a killed process leaves none: its lease and staging folder are its trace).
/// </summary>
public static class RunHistory
{
    internal const string ManifestFolder = "_manifests";
    internal const string FailureFolder = "_runs";

    /// <summary>Runs that ended without a commit, newest first.</summary>
    public static IReadOnlyList<FailedRun> Failures(string root)
    {
        var folder = Path.Combine(root, FailureFolder);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*.json")
            .Select(f => JsonSerializer.Deserialize<FailedRun>(File.ReadAllBytes(f), Manifest.Json)!)
            .OrderByDescending(r => r.EndedUtc)
            .ToList();
    }

    /// <summary>Records a run that ended without a commit; best effort (a full disk must not hide the run's own error).</summary>
    public static void TryRecordFailure(string root, FailedRun run)
    {
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, FailureFolder)).FullName;
            File.WriteAllBytes(Path.Combine(folder, run.RunId + ".json"), JsonSerializer.SerializeToUtf8Bytes(run, Manifest.Json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public static IReadOnlyList<Manifest> Read(string root)
    {
        var folder = Path.Combine(root, ManifestFolder);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "v*.json")
            .Select(f => JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(f), Manifest.Json)!)
            .OrderByDescending(m => m.Version)
            .ToList();
    }
}

/// <summary>A run that ended without a commit: <c>failed</c> or <c>cancelled</c>, and why.</summary>
public sealed record FailedRun(string RunId, DateTimeOffset StartedUtc, DateTimeOffset EndedUtc, DateTimeOffset? ScheduledFor, string Status, string Error);
