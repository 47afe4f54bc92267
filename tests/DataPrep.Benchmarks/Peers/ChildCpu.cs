using System.Runtime.InteropServices;

namespace DataPrep.Benchmarks.Peers;

/// <summary>
/// CPU time (user + system) of this process's reaped children, from <c>getrusage(RUSAGE_CHILDREN)</c>.
/// The difference across one child's run is that child's CPU time when no other child ends meanwhile
/// (the benchmarks start one at a time). Linux only; elsewhere null.
/// </summary>
internal static class ChildCpu
{
    private const int RusageChildren = -1;

    public static double? Seconds()
    {
        if (!OperatingSystem.IsLinux()) return null;
        return getrusage(RusageChildren, out var usage) != 0 ? null
            : usage.UserSeconds + usage.UserMicros / 1e6 + usage.SystemSeconds + usage.SystemMicros / 1e6;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicros, SystemSeconds, SystemMicros;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

#pragma warning disable SYSLIB1054 // no unsafe code in this project; a blittable out struct needs no marshalling
    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int getrusage(int who, out RUsage usage);
#pragma warning restore SYSLIB1054
}
