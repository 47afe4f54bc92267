using System.Runtime.InteropServices;

namespace DataPrep.Commit;

/// <summary>
/// The two file-system primitives the commit protocol needs and .NET does not expose: fsync of a
/// directory (so a rename or a new entry survives a power cut) and link(2), which creates a name
/// only if it does not exist yet, atomically and with the content already complete.
/// </summary>
internal static partial class NativeFile
{
    private const int EEXIST = 17;

    public static void FsyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // NTFS metadata is journaled
        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open directory '{path}' to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally { _ = Close(fd); }
    }

    /// <summary>Gives <paramref name="existing"/> a second name; false when <paramref name="newName"/> already exists.</summary>
    public static bool TryCreateLink(string existing, string newName)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            try { File.Move(existing, newName, overwrite: false); File.Copy(newName, existing); return true; }
            catch (IOException) when (File.Exists(newName)) { return false; }
        }
        if (Link(existing, newName) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST) return false;
        throw new IOException($"cannot create '{newName}' (errno {errno})");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newName);
}
