namespace DataPrep.Steps.Anonymize.Pii;

/// <summary>A found entity: byte range [<see cref="Start"/>, <see cref="End"/>) of the UTF-8 text and its detector (a <see cref="PiiEntity"/>, or a custom detector after them).</summary>
public readonly record struct PiiMatch(int Start, int End, int Detector);
