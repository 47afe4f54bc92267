namespace DataPrep.Steps.Outliers;

/// <summary>How outlier bounds are fitted. A column with zero spread (or no values) gets no bounds: nothing in it is an outlier.</summary>
public enum OutlierMethod
{
    /// <summary>mean ± threshold × population standard deviation.</summary>
    Zscore,

    /// <summary>[q1 - threshold × IQR, q3 + threshold × IQR] (Tukey's fences; quartiles interpolated linearly, as numpy).</summary>
    Iqr,

    /// <summary>median ± threshold × 1.4826 × MAD (the median absolute deviation, scaled to estimate σ for normal data; the modified z-score).</summary>
    Mad,
}
