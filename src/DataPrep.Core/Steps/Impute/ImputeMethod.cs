namespace DataPrep.Steps.Impute;

/// <summary>An imputation method.</summary>
public enum ImputeMethod
{
    /// <summary>The mean of the present values (numeric, date, timestamp). Numeric columns become float64; dates and timestamps round to the nearest unit.</summary>
    Mean,

    /// <summary>The median (mean of the two middle values for an even count), as numpy; types as for mean.</summary>
    Median,

    /// <summary>The most frequent present value, any type; ties go to the smallest value (ordinal for text, false before true), as scikit-learn's most_frequent.</summary>
    Mode,

    /// <summary>The fixed <c>value</c>.</summary>
    Constant,

    /// <summary>The last present value before the row in source order; rows before the first present value stay missing.</summary>
    ForwardFill,

    /// <summary>The next present value after the row in source order; rows after the last present value stay missing.</summary>
    BackwardFill,

    /// <summary>The mean of the column over the k nearest rows (nan-euclidean distance on <c>knn.features</c>, uniform weights), as scikit-learn's KNNImputer. Numeric columns; output float64.</summary>
    Knn,
}
