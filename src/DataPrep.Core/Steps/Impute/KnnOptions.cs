using System.ComponentModel.DataAnnotations;

namespace DataPrep.Steps.Impute;

/// <summary>Settings of k-nearest-neighbour imputation.</summary>
public sealed class KnnOptions
{
    /// <summary>The numeric columns distances are measured on (list every column the distance should see, imputed ones included, as scikit-learn uses all of X).</summary>
    public List<string> Features { get; set; } = [];

    /// <summary>How many neighbours are averaged (k).</summary>
    [Range(1, 1000)]
    public int Neighbors { get; set; } = 5;
}
