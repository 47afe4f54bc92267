using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>Batches a host hands over in memory (<c>IAsyncEnumerable&lt;RecordBatch&gt;</c>, a DataFrame), bound by name when the pipeline runs.</summary>
[ScalarForm(nameof(Name))]
public sealed class MemorySourceOptions
{
    /// <summary>The name the host binds its batches to (<c>RunOptions.Inputs</c> or the builder's <c>From</c>).</summary>
    [Required]
    public string Name { get; set; } = "input";
}
