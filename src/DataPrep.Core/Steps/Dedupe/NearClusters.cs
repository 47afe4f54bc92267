namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Resolves near-duplicate clusters from the fitted signatures: per band, rows with equal keys
/// (found with a hash table, <see cref="BandBuckets"/>) are candidates; a candidate joins a cluster when its exact Jaccard similarity
/// to the cluster's member reaches the threshold (or at once without the check); clusters are the
/// components of a union-find. Everything runs in source order, so the result does not depend on
/// batch size or parallelism.
/// </summary>
internal static class NearClusters
{
    /// <summary>At most this many distinct clusters are compared against within one bucket, to bound the work of huge buckets.</summary>
    private const int MaxRepresentatives = 64;

    /// <summary>Work done by the last <see cref="Resolve"/> on this thread, for benchmarks: buckets of two or more, the largest, exact comparisons.</summary>
    [ThreadStatic]
    internal static (long Buckets, int LargestBucket, long Comparisons) LastWork;

    /// <returns>Packed row id → (packed survivor, cluster size) for every row of a cluster of two or more.</returns>
    /// <remarks>
    /// The bands are bucketed by up to <paramref name="parallelism"/> workers, each with its own
    /// table, one round of that many bands at a time, the next round while this thread joins the
    /// candidates of the last one. The joining (exact checks, union-find) stays on this thread in
    /// band order, and a band's buckets are listed in the same order whoever built them, so the
    /// clusters are the same at any parallelism.
    /// </remarks>
    public static Dictionary<long, (long Survivor, int Size)> Resolve(NearSignatures signatures, NearDuplicateOptions options, int parallelism = 1)
    {
        LastWork = default;
        var chunks = signatures.Chunks.Where(c => c.Rows.Length > 0).OrderBy(c => c.Rows[0]).ToArray();
        var n = chunks.Sum(c => c.Rows.Length);
        var chunkOf = new int[n];
        var localOf = new int[n];
        for (int c = 0, i = 0; c < chunks.Length; c++)
            for (var r = 0; r < chunks[c].Rows.Length; r++, i++) { chunkOf[i] = c; localOf[i] = r; }

        var sets = new UnionFind(n);
        var workers = Math.Clamp(parallelism, 1, Math.Max(options.Bands, 1));
        var tables = new BandBuckets?[workers];
        var representatives = new List<int>(MaxRepresentatives);
        var rounds = (options.Bands + workers - 1) / workers;
        var next = rounds > 0 ? Candidates(0) : null;
        for (var round = 0; round < rounds; round++)
        {
            var groups = next!.GetAwaiter().GetResult();
            next = round + 1 < rounds ? Candidates(round + 1) : null;
            foreach (var group in groups)
            {
                for (var g = 0; g + 1 < group.Starts.Length; g++)
                {
                    var members = group.Members.AsSpan(group.Starts[g], group.Starts[g + 1] - group.Starts[g]);
                    LastWork.Buckets++;
                    LastWork.LargestBucket = Math.Max(LastWork.LargestBucket, members.Length);
                    if (members.Length == 2 && options.Verify) JoinPair(members[0], members[1], group.Similar[g]);
                    else Join(members, sets, options, chunks, chunkOf, localOf, representatives);
                }
            }
        }
        return Decide(sets, chunks, chunkOf, localOf, options.Keep);

        // The shared buckets of the round's bands, in band order.
        Task<BandCandidates[]> Candidates(int round)
        {
            var first = round * workers;
            var count = Math.Min(workers, options.Bands - first);
            var result = new BandCandidates[count];
            if (count == 1 && workers == 1) return Task.FromResult(new[] { Bucket(first, 0) });
            return Task.Run(() =>
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, k => result[k] = Bucket(first + k, k));
                return result;
            });
        }

        BandCandidates Bucket(int band, int table)
        {
            var buckets = tables[table] ??= new BandBuckets(n);
            buckets.Fill(i => chunks[chunkOf[i]].BandKeys[localOf[i] * options.Bands + band]);
            var candidates = buckets.Candidates();
            // Most buckets are pairs: check a pair here, on the worker, the first time the two rows
            // share a band (a later band finds them joined, or repeats a check already made).
            if (options.Verify && workers > 1)
            {
                for (var g = 0; g < candidates.Similar.Length; g++)
                {
                    int start = candidates.Starts[g], a = candidates.Members[start], b = candidates.Members[start + 1];
                    if (candidates.Starts[g + 1] - start != 2 || SharedBefore(a, b, band)) continue;
                    candidates.Similar[g] = (sbyte)(Similar(a, b) ? 1 : 0);
                }
            }
            return candidates;
        }

        bool SharedBefore(int a, int b, int band)
        {
            var ka = chunks[chunkOf[a]].BandKeys.AsSpan(localOf[a] * options.Bands, band);
            var kb = chunks[chunkOf[b]].BandKeys.AsSpan(localOf[b] * options.Bands, band);
            for (var k = 0; k < band; k++)
                if (ka[k] == kb[k]) return true;
            return false;
        }

        bool Similar(int a, int b) =>
            Jaccard(chunks[chunkOf[a]].ShinglesOf(localOf[a]), chunks[chunkOf[b]].ShinglesOf(localOf[b])) >= options.Threshold;

        // Join of a two-row bucket, as Join does it, with the worker's answer when it has one.
        void JoinPair(int a, int b, sbyte known)
        {
            if (sets.Find(a) == sets.Find(b)) return;
            LastWork.Comparisons++;
            if (known == 1 || (known == -1 && Similar(a, b))) sets.Union(a, b);
        }
    }

    private static void Join(ReadOnlySpan<int> bucket, UnionFind sets, NearDuplicateOptions options,
        NearSignatures.Chunk[] chunks, int[] chunkOf, int[] localOf, List<int> representatives)
    {
        if (!options.Verify)
        {
            for (var i = 1; i < bucket.Length; i++) sets.Union(bucket[0], bucket[i]);
            return;
        }
        representatives.Clear();
        foreach (var m in bucket)
        {
            var joined = false;
            foreach (var r in representatives)
            {
                if (sets.Find(r) == sets.Find(m)) { joined = true; continue; }
                LastWork.Comparisons++;
                if (Jaccard(chunks[chunkOf[m]].ShinglesOf(localOf[m]), chunks[chunkOf[r]].ShinglesOf(localOf[r])) >= options.Threshold)
                {
                    sets.Union(r, m);
                    joined = true;
                }
            }
            if (!joined && representatives.Count < MaxRepresentatives) representatives.Add(m);
        }
    }

    /// <summary>Jaccard similarity of two sorted sets of distinct values.</summary>
    internal static double Jaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.IsEmpty && b.IsEmpty) return 1;
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { common++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return (double)common / (a.Length + b.Length - common);
    }

    private static Dictionary<long, (long Survivor, int Size)> Decide(UnionFind sets, NearSignatures.Chunk[] chunks, int[] chunkOf, int[] localOf, NearKeepPolicy keep)
    {
        var n = chunkOf.Length;
        var size = new int[n];
        var best = new int[n];
        for (var i = 0; i < n; i++)
        {
            var root = sets.Find(i);
            if (size[root]++ == 0) { best[root] = i; continue; }
            var b = best[root];
            // Rows come in source order, so a tie keeps the earlier row.
            var better = keep switch
            {
                NearKeepPolicy.First => false,
                NearKeepPolicy.Last => true,
                NearKeepPolicy.Longest => Length(i) > Length(b),
                _ => Length(i) < Length(b),
            };
            if (better) best[root] = i;
        }
        var fates = new Dictionary<long, (long, int)>();
        for (var i = 0; i < n; i++)
        {
            var root = sets.Find(i);
            if (size[root] < 2) continue;
            fates[Row(i)] = (Row(best[root]), size[root]);
        }
        return fates;

        int Length(int i) => chunks[chunkOf[i]].Lengths[localOf[i]];
        long Row(int i) => chunks[chunkOf[i]].Rows[localOf[i]];
    }
}
