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
        var staging = Path.Combine(root, "_staging");
        if (Directory.Exists(staging))
            foreach (var dir in Directory.EnumerateDirectories(staging)) Directory.Delete(dir, recursive: true);
        return removed.Select(m => m.Version).ToList();
    }
}

/// <summary>The committed versions of an output root, newest first (<c>dataprep runs list</c>).</summary>
public static class RunHistory
{
    internal const string ManifestFolder = "_manifests";

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
