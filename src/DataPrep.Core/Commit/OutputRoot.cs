using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace DataPrep.Commit;

/// <summary>
/// The commit protocol (DESIGN.md §7) over one output root:
/// <code>
/// root/_staging/&lt;run-id&gt;/   files being written (same volume, so publishing is a rename)
/// root/v000007/                  a published version's files, never modified afterwards
/// root/_manifests/v000007.json   the commit itself, created with create-if-absent
/// </code>
/// A crash at any point leaves the newest manifest, and the version it names, intact. A version
/// folder without a manifest was never committed and is removed by the next run.
/// </summary>
public sealed class OutputRoot
{
    private const string ManifestFolder = "_manifests";
    private const string StagingFolder = "_staging";

    private OutputRoot(string path) => Path = path;

    public string Path { get; }

    private string Manifests => System.IO.Path.Combine(Path, ManifestFolder);

    /// <summary>Opens (creating if needed) an output root, failing clearly when it cannot be written.</summary>
    public static OutputRoot Open(string path)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.Combine(path, ManifestFolder));
            Directory.CreateDirectory(System.IO.Path.Combine(path, StagingFolder));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"the output root '{path}' cannot be written: {e.Message}", e);
        }
        return new OutputRoot(path);
    }

    /// <summary>Reads the newest committed manifest without creating anything; null when there is none.</summary>
    public static Manifest? ReadLatest(string root)
    {
        var folder = System.IO.Path.Combine(root, ManifestFolder);
        if (!Directory.Exists(folder)) return null;
        return Directory.EnumerateFiles(folder, "v*.json")
            .Select(f => (File: f, Version: ParseVersion(System.IO.Path.GetFileNameWithoutExtension(f))))
            .Where(x => x.Version > 0)
            .OrderByDescending(x => x.Version)
            .Select(x => JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(x.File), Manifest.Json))
            .FirstOrDefault();
    }

    public Manifest? Latest() => ReadLatest(Path);

    /// <summary>A new, empty staging folder for one run.</summary>
    public string BeginStaging(string runId)
    {
        var staging = System.IO.Path.Combine(Path, StagingFolder, runId);
        Directory.CreateDirectory(staging);
        return staging;
    }

    public void Abandon(string staging)
    {
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
    }

    /// <summary>
    /// Publishes a staging folder: fsync its files and folders, rename it to the next version
    /// folder, then create the manifest by linking a fully written, fsynced temporary file to its
    /// final name, which fails if another writer committed that version first.
    /// </summary>
    public Manifest Publish(string staging, Func<int, Manifest> buildManifest)
    {
        SyncTree(staging);
        // Publishers on one root take turns: choosing the version, moving the folder and linking
        // the manifest happen under one lock, so a second writer can neither take the same version
        // nor remove a folder that another is about to commit.
        using var gate = AcquirePublishLock(TimeSpan.FromMinutes(2));
        var version = (Latest()?.Version ?? 0) + 1;
        var folder = VersionFolder(version);
        var target = System.IO.Path.Combine(Path, folder);
        var final = System.IO.Path.Combine(Manifests, folder + ".json");
        if (File.Exists(final)) throw new IOException($"version {version} of '{Path}' already has a manifest; nothing of this run was published");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true); // moved by a run that died before its manifest
        Directory.Move(staging, target);
        NativeFile.FsyncDirectory(Path);
        NativeFile.FsyncDirectory(System.IO.Path.Combine(Path, StagingFolder));

        var manifest = buildManifest(version);
        var temporary = System.IO.Path.Combine(Manifests, $".{folder}.{manifest.RunId}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, manifest, Manifest.Json);
            stream.Flush(flushToDisk: true);
        }
        if (!NativeFile.TryCreateLink(temporary, final))
        {
            File.Delete(temporary);
            throw new IOException($"version {version} of '{Path}' was committed by another writer at the same time; nothing of this run was published");
        }
        // The link is the commit. What follows only tidies up; failing at it must not report the
        // run as failed when its version is already visible.
        try
        {
            File.Delete(temporary);
            NativeFile.FsyncDirectory(Manifests);
        }
        catch (IOException) { }
        return manifest;
    }

    /// <summary>An exclusive lock file in the manifest folder, retried until <paramref name="wait"/> has passed.</summary>
    private FileStream AcquirePublishLock(TimeSpan wait)
    {
        var path = System.IO.Path.Combine(Manifests, ".publish.lock");
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(50); }
        }
    }

    /// <summary>Removes staging folders older than <paramref name="age"/> (left by runs that died).</summary>
    public void RemoveStaleStaging(TimeSpan age, DateTimeOffset now)
    {
        foreach (var dir in Directory.EnumerateDirectories(System.IO.Path.Combine(Path, StagingFolder)))
        {
            if (now - Directory.GetLastWriteTimeUtc(dir) > age) Directory.Delete(dir, recursive: true);
        }
    }

    public static string VersionFolder(int version) => "v" + version.ToString("D6", CultureInfo.InvariantCulture);

    public static async Task<string> Sha256Async(string file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    private static int ParseVersion(string name) =>
        name.Length > 1 && name[0] == 'v' && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static void SyncTree(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)) NativeFile.FsyncDirectory(dir);
        NativeFile.FsyncDirectory(folder);
    }
}
