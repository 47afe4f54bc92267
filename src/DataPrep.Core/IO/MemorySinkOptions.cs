using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>Results stay in memory: the host reads them with <c>Pipeline.StreamAsync</c> or <c>Pipeline.CollectAsync</c>; no output root is written.</summary>
[ScalarForm(nameof(Name))]
public sealed class MemorySinkOptions
{
    /// <summary>A name for the results, shown in logs and traces.</summary>
    public string Name { get; set; } = "output";
}
