namespace DataPrep.Steps.Normalize;

/// <summary>The output distribution of the quantile method.</summary>
public enum QuantileOutput
{
    /// <summary>Uniform on [0, 1].</summary>
    Uniform,

    /// <summary>Standard normal, clipped as scikit-learn clips it (about ±5.2).</summary>
    Normal,
}
