namespace DataPrep.Steps;

/// <summary>
/// A fitted step whose fit measures the rows it releases (k-anonymity counts equivalence classes
/// over every output row) rather than learning statistics to apply to unseen rows. After a split it
/// fits on every row, whatever its split: fitting on the training rows only would measure the wrong
/// data and leave the other rows' classes unknown.
/// </summary>
internal interface IMeasuresReleasedRows : IFittedStep;
