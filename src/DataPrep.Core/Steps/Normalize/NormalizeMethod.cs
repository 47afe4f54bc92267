namespace DataPrep.Steps.Normalize;

/// <summary>A normalization method.</summary>
public enum NormalizeMethod
{
    /// <summary>(x - mean) / std with the population std, as scikit-learn's StandardScaler; a zero-variance column is scaled by 1.</summary>
    Zscore,

    /// <summary>Linear map of [min, max] onto <c>range</c>, as MinMaxScaler; a constant column maps to the range's lower end.</summary>
    MinMax,

    /// <summary>(x - median) / (q75 - q25), as RobustScaler; a zero IQR scales by 1.</summary>
    Robust,

    /// <summary>x / max|x|, as MaxAbsScaler; an all-zero column is scaled by 1.</summary>
    MaxAbs,

    /// <summary>log(1 + x), no fit; values at or below -1 (no finite result) become null.</summary>
    Log1p,

    /// <summary>Maps values through their fitted quantiles to a uniform or normal distribution, as QuantileTransformer.</summary>
    Quantile,

    /// <summary>Text clean-up of a string column: NFKC, case folding, white space collapsing, control characters removed.</summary>
    Text,
}
