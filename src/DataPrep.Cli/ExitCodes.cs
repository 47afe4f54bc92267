namespace DataPrep.Cli;

/// <summary>The documented exit codes (README.md): schedulers act on them.</summary>
internal static class ExitCodes
{
    /// <summary>Success: the run committed, the definition is valid.</summary>
    public const int Ok = 0;

    /// <summary>The run failed (a step threw, too many bad rows, an I/O error); nothing was committed.</summary>
    public const int RunFailed = 1;

    /// <summary>The definition or the command-line arguments are invalid; no data was touched.</summary>
    public const int InvalidDefinition = 2;

    /// <summary>An error gate of the quality report failed (issue 5); nothing was committed.</summary>
    public const int GateFailed = 3;
    /// <summary>
    /// Another run holds the output root's lease (one writer at a time); this one did nothing.
    /// 75 is EX_TEMPFAIL: a scheduler may treat it as "someone else is on it", not as a failure.
    /// </summary>
    public const int LeaseHeld = 75;

    /// <summary>Cancelled (Ctrl+C / SIGTERM); nothing was committed.</summary>
    public const int Cancelled = 130;
}
