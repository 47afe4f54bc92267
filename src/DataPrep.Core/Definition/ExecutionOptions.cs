using System.ComponentModel.DataAnnotations;

namespace DataPrep.Definition;

/// <summary>Engine settings. None of them changes the output bytes.</summary>
public sealed class ExecutionOptions
{
    /// <summary>Degree of parallelism of map blocks; 0 means one per core.</summary>
    [Range(0, 1024)]
    public int Parallelism { get; set; }

    /// <summary>Rows per batch read from the source.</summary>
    [Range(1, 16_777_216)]
    public int BatchSize { get; set; } = 65_536;

    /// <summary>
    /// Batches each block may hold, those it is working on included (a parallel block holds at least
    /// one per worker); bounds memory. Four held about 100 MB more than two on the 10M-row reference
    /// workload for no gain in time (2 cores).
    /// </summary>
    [Range(1, 1024)]
    public int Capacity { get; set; } = 2;

    /// <summary>
    /// When the plan has more than one pass, keep the source as the first pass read it in an Arrow
    /// IPC file under the output root's staging folder, and let later passes read it back instead
    /// of decoding the inputs again. Costs disk about the size of the source uncompressed; deleted
    /// when the run ends. Off: every pass reads the inputs.
    /// </summary>
    public bool Spill { get; set; } = true;
}
