using System.Runtime.InteropServices;

namespace DataPrep.Benchmarks.Harness;

internal static class FileSystem
{
    /// <summary>Writes every dirty page of every file to disk and waits for it (sync(2)); a no-op off Unix.</summary>
    public static void Sync()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SyncAll();
    }

#pragma warning disable SYSLIB1054 // no unsafe code in this project (as ChildCpu's getrusage)
    [DllImport("libc", EntryPoint = "sync")]
    private static extern void SyncAll();
#pragma warning restore SYSLIB1054
}
