using System.Runtime.InteropServices;

namespace DataPrep.Commit;

/// <summary>
/// The file-system primitives the commit protocol needs and .NET does not expose: fsync of a
/// directory (so a rename or a new entry survives a power cut), link(2), which creates a name only
/// if it does not exist yet, atomically and with the content already complete, and an early start
/// of a file's writeback.
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

    /// <summary>
    /// Asks the kernel to start writing the file's dirty pages to disk now, without waiting (Linux
    /// <c>sync_file_range</c> with <c>SYNC_FILE_RANGE_WRITE</c>): the commit's fsync then finds most of
    /// a large output on disk already instead of writing all of it while the run waits. Advisory: a
    /// failure changes nothing (the fsync is what makes the file durable); a no-op elsewhere.
    /// </summary>
    public static void StartWriteback(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux() || handle.IsInvalid || handle.IsClosed) return;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = SyncFileRange((int)handle.DangerousGetHandle(), 0, 0, SyncFileRangeWrite);
        }
        catch (ObjectDisposedException) { }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private const uint SyncFileRangeWrite = 2;

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long nbytes, uint flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newName);
}
