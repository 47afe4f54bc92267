namespace DataPrep.Definition;

/// <summary>
/// Stable diagnostic codes. Never renumber: users grep logs and CI annotations for them.
/// DP00xx file and syntax, DP01xx binding, DP02xx schema and data checks at validation time,
/// DP03xx plan and environment, DP045x–DP049x text and categorical steps.
/// DP03xx plan and environment, DP07xx rebalance and split.
/// DP03xx plan and environment, DP06xx anonymization.
/// DP03xx plan and environment, DP08xx reports and gates.
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
    public const string FitMismatch = "DP0304";
    public const string FitUnreadable = "DP0305";

    /// <summary>DP040x (statistics steps: impute, normalize, outliers): a fill value that does not convert to its column's type.</summary>
    public const string FillValue = "DP0400";

    /// <summary>An added column (missing indicator, outlier flag) whose name is already taken.</summary>
    public const string AddedColumnExists = "DP0401";

    // DP045x–DP049x: text and categorical steps (near-duplicate dedupe, label checks, encode, pad).
    public const string NearDuplicateColumnType = "DP0450";
    public const string LabelColumnInKeys = "DP0451";
    public const string EncodeColumnType = "DP0460";
    public const string EncodeOutputClash = "DP0461";
    public const string PadColumnType = "DP0470";
    public const string PadOutputClash = "DP0471";

    public const string RebalanceTarget = "DP0700";
    public const string RebalanceFeature = "DP0701";
    public const string RebalanceLabel = "DP0702";
    public const string SplitFractions = "DP0710";
    public const string SplitColumn = "DP0711";

    /// <summary>A key the anonymize step needs is missing: its environment variable is not set or its key file does not exist.</summary>
    public const string AnonymizeKeyMissing = "DP0600";

    /// <summary>A key the anonymize step needs is unusable (too short, unreadable).</summary>
    public const string AnonymizeKeyInvalid = "DP0601";

    // DP08xx: reports and gates.
    public const string GateWithoutBounds = "DP0801";
    public const string GateMetricUnknown = "DP0810";

    // DP10xx: embedding (library API).
    /// <summary>A <c>memory</c> sink run by something that writes an output root (<c>RunAsync</c>, <c>dataprep run</c>).</summary>
    public const string MemorySinkNotWritable = "DP1000";

    // DP0900–DP0949: image steps (DataPrep.Images.ImageDiagnostics).
    public const string ImageNormalizeNotLast = "DP0900";
    public const string ImageColumnNotBinary = "DP0901";
    public const string ImageNoGpu = "DP0902";
}
