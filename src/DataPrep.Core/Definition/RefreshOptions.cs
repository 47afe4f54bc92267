using System.ComponentModel.DataAnnotations;

namespace DataPrep.Definition;

/// <summary>How repeated runs (a nightly refresh) build on the previous version. docs/NIGHTLY.md.</summary>
public sealed class RefreshOptions
{
    /// <summary>
    /// Process only inputs that are new or changed since the last version and carry the rest over
    /// (one output part per input). A full refresh happens anyway when the definition, the fit
    /// artifact or the DataPrep version changed, when asked (<c>--full-refresh</c>), and on every
    /// run when a step needs all the data (a fitted or sequential step, such as dedupe).
    /// </summary>
    public bool Incremental { get; set; }

    /// <summary>After each commit, keep this many newest versions and remove older ones (their files unless a kept version still lists them); 0 keeps all.</summary>
    [Range(0, 1_000_000)]
    public int KeepVersions { get; set; }
}
