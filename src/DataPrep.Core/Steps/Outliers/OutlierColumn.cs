using DataPrep.Definition;

namespace DataPrep.Steps.Outliers;

/// <summary>How outliers of one column are found. Write just the method (<c>income: iqr</c>) or a mapping with its settings.</summary>
[ScalarForm(nameof(Method))]
public sealed class OutlierColumn
{
    /// <summary>How the bounds are fitted.</summary>
    public OutlierMethod Method { get; set; } = OutlierMethod.Zscore;

    /// <summary>The bound's width in the method's unit: standard deviations (zscore, default 3), IQRs beyond the quartiles (iqr, default 1.5), scaled MADs (mad, default 3.5).</summary>
    public double? Threshold { get; set; }

    /// <summary>What happens to this column's outliers; the step's <c>action</c> when not set.</summary>
    public OutlierAction? Action { get; set; }

    internal double Width => Threshold ?? Method switch
    {
        OutlierMethod.Zscore => 3,
        OutlierMethod.Iqr => 1.5,
        _ => 3.5,
    };
}
