namespace DataPrep.Data;

/// <summary>A source row's stable identity: the input file (index into the run's input list) and the 0-based data row in it.</summary>
public readonly record struct RowId(int Source, long Row)
{
    public override string ToString() => $"{Source}:{Row}";
}
