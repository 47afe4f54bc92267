namespace DataPrep.Steps.Outliers;

/// <summary>What happens to an outlier.</summary>
public enum OutlierAction
{
    /// <summary>Replace it by the nearest bound (integer columns: the nearest integer inside the bounds).</summary>
    Clip,

    /// <summary>Send the row to the quarantine with reason <c>outliers.zscore</c>, <c>outliers.iqr</c> or <c>outliers.mad</c>.</summary>
    Quarantine,

    /// <summary>Replace it by null (the column becomes nullable).</summary>
    SetNull,

    /// <summary>Keep it and add a boolean column marking it.</summary>
    Flag,
}
