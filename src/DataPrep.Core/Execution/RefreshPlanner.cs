using DataPrep.Commit;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Decides how a run builds on the previous version (docs/NIGHTLY.md): a full refresh, or an
/// incremental run that reads only new and changed inputs and carries the other inputs' parts over.
/// <para>
/// The decision compares the inputs with the previous manifest's input list (path, size,
/// modification time, checksum), not with the watermark alone: files copied with their times kept
/// can arrive older than the watermark. An input whose size and time are unchanged keeps its
/// recorded checksum without being read; one whose size or time moved is hashed, and counts as
/// changed only when its content did.
/// </para>
/// </summary>
internal static class RefreshPlanner
{
    /// <summary>The steps that need all the data, so that every run of the pipeline is a full refresh; empty when incremental runs are possible.</summary>
    public static IReadOnlyList<string> Blockers(ExecutionPlan plan) =>
        // A fitted step whose statistics come from a fit artifact (--fit) applies row by row, like a map step.
        plan.Steps.Where(s => s.Kind != StepKind.Map && !(s.Kind == StepKind.Fitted && s.FitLoaded))
            .Select(s => $"step '{s.Id}' ({s.Kind.ToString().ToLowerInvariant()}) needs all the data")
            .ToList();

    /// <summary>One line for <c>dataprep explain</c>.</summary>
    public static string Describe(ExecutionPlan plan)
    {
        if (!plan.Definition.Refresh.Incremental) return "full on every run (refresh.incremental is off)";
        var blockers = Blockers(plan);
        return blockers.Count > 0
            ? "full on every run: " + string.Join("; ", blockers)
            : "incremental: only new or changed inputs are read, one output part per input; full when the definition, fit or DataPrep version changes, or with --full-refresh";
    }

    public static async Task<RefreshDecision> DecideAsync(ExecutionPlan plan, Manifest? previous, string definitionSha256, string? fitSha256,
        bool fullRequested, CancellationToken cancellationToken)
    {
        if (!plan.Definition.Refresh.Incremental) return RefreshDecision.Classic(plan, "refresh.incremental is off");
        var blockers = Blockers(plan);
        if (blockers.Count > 0) return RefreshDecision.Classic(plan, string.Join("; ", blockers));

        var known = previous?.Inputs.ToDictionary(i => i.Path, StringComparer.Ordinal) ?? [];
        var current = new List<InputFile>(plan.Inputs.Count);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in plan.Inputs)
        {
            var info = new FileInfo(path);
            var modified = new DateTimeOffset(info.LastWriteTimeUtc);
            known.TryGetValue(path, out var before);
            if (before is not null && before.Bytes == info.Length && before.ModifiedUtc == modified && before.Sha256.Length > 0)
            {
                current.Add(before);
                continue;
            }
            var sha = await HashAsync(path, cancellationToken).ConfigureAwait(false);
            if (before is null) added.Add(path);
            else if (before.Sha256 != sha || sha.Length == 0) changed.Add(path);
            current.Add(before is not null && !changed.Contains(path)
                ? before with { Bytes = info.Length, ModifiedUtc = modified } // touched, same content: carried over
                : new InputFile(path, info.Length, modified, sha));
        }
        var present = plan.Inputs.ToHashSet(StringComparer.Ordinal);
        var removed = known.Keys.Where(p => !present.Contains(p)).ToList();

        var full = FullReason(previous, definitionSha256, fitSha256, fullRequested);
        if (full is not null) return new RefreshDecision(plan, true, full, current, plan.Inputs, new HashSet<string>(), current.Count, 0, removed.Count, 0);

        var toRead = plan.Inputs.Where(p => added.Contains(p) || changed.Contains(p)).ToList();
        var replaced = changed.Concat(removed).ToHashSet(StringComparer.Ordinal);
        var reason = toRead.Count == 0 && removed.Count == 0 ? "no new or changed inputs" : "new or changed inputs since version " + previous!.Version;
        return new RefreshDecision(plan.WithInputs(toRead), false, reason, current, toRead, replaced,
            added.Count, changed.Count, removed.Count, current.Count - added.Count - changed.Count);
    }

    private static string? FullReason(Manifest? previous, string definitionSha256, string? fitSha256, bool requested)
    {
        if (requested) return "asked for (--full-refresh)";
        if (previous is null) return "no previous version";
        if (previous.Refresh is null || previous.Files.Any(f => f.Input is null)) return $"version {previous.Version} was not written incrementally";
        if (previous.DefinitionSha256 != definitionSha256) return "the definition changed";
        if (previous.FitSha256 != fitSha256) return "the fit artifact changed";
        var version = ManifestBuilder.DataPrepVersion;
        if (previous.DataPrepVersion != version) return $"DataPrep changed from {previous.DataPrepVersion} to {version}";
        return null;
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        // An input that cannot be read here gets no checksum: the source quarantines it, and it is
        // read again next time (an empty checksum never matches).
        try { return await OutputRoot.Sha256Async(path, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}

/// <summary>
/// What a run reads and what its version carries over. <see cref="Parts"/> says whether the output
/// is laid out as one part per input (so that a later run can replace one input's rows).
/// </summary>
internal sealed record RefreshDecision(ExecutionPlan Plan, bool Full, string Reason, IReadOnlyList<InputFile>? Current,
    IReadOnlyList<string> ToRead, IReadOnlySet<string> Replaced, int Added, int Changed, int Removed, int Unchanged)
{
    /// <summary>One part per input: the incremental layout, also used by full refreshes of incremental pipelines.</summary>
    public bool Parts => Current is not null;

    public static RefreshDecision Classic(ExecutionPlan plan, string reason) =>
        new(plan, true, reason, null, plan.Inputs, new HashSet<string>(), plan.Inputs.Count, 0, 0, 0);

    public RefreshRecord Record => new(Full ? "full" : "incremental", Reason, Added, Changed, Removed, Unchanged);
}
