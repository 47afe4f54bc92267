namespace DataPrep.Definition;

/// <summary>
/// Stable diagnostic codes. Never renumber: users grep logs and CI annotations for them.
/// DP00xx file and syntax, DP01xx binding, DP02xx schema and data checks at validation time,
/// DP03xx plan and environment.
/// </summary>
public static class DiagnosticCodes
{
    public const string Syntax = "DP0001";
    public const string LimitExceeded = "DP0002";
    public const string FileUnreadable = "DP0003";

    public const string UnknownKey = "DP0101";
    public const string WrongType = "DP0102";
    public const string MissingRequired = "DP0103";
    public const string BadValue = "DP0104";
    public const string UnknownStep = "DP0105";
    public const string StepShape = "DP0106";
    public const string DuplicateKey = "DP0107";
    public const string OneOfViolation = "DP0108";
    public const string DuplicateStepId = "DP0109";
    public const string BadExpression = "DP0110";

    public const string UnknownColumn = "DP0201";
    public const string ColumnType = "DP0202";
    public const string InputNotFound = "DP0203";
    public const string InputUnreadable = "DP0204";
    public const string DuplicateColumn = "DP0205";

    public const string OutputInsideInput = "DP0301";
    public const string OutputUnwritable = "DP0302";
    public const string UnsupportedVersion = "DP0303";

    // DP0900–DP0949: image steps (DataPrep.Images.ImageDiagnostics).
    public const string ImageNormalizeNotLast = "DP0900";
    public const string ImageColumnNotBinary = "DP0901";
    public const string ImageNoGpu = "DP0902";
}
