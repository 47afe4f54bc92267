using Apache.Arrow;

namespace DataPrep.Data;

/// <summary>
/// Passing a column on unchanged: a new array over the same buffers, holding its own reference,
/// so the engine can dispose the step's input batch while the output still uses them.
/// </summary>
internal static class ArrowShare
{
    public static IArrowArray Retain(IArrowArray array) => ArrowArrayFactory.BuildArray(array.Data.Retain());
}
