using System.Globalization;
using System.Text;

namespace BetterTogether.Durable.Sqlite;

/// <summary>
/// The exclusive OS lock (flock on Unix, a share-none handle on Windows) on <c>{database}.lock</c> that makes one process
/// the owner of a database. The OS drops it when the process dies, even by SIGKILL, so a crashed owner never blocks the
/// next one. The file itself stays (deleting it would race with a process about to lock it).
/// </summary>
internal sealed class DatabaseOwnerLock : IDisposable
{
    // EWOULDBLOCK on Linux and macOS; ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION as HRESULTs on Windows.
    private static readonly int[] LockHeldCodes = [11, 35, unchecked((int)0x80070020), unchecked((int)0x80070021)];
    private readonly FileStream _stream;

    private DatabaseOwnerLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock or fails at once.</summary>
    /// <exception cref="EmbeddedDatabaseInUseException">Another process holds it.</exception>
    public static DatabaseOwnerLock Acquire(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (LockHeldCodes.Contains(ex.HResult))
        {
            throw new EmbeddedDatabaseInUseException(databasePath, lockPath, ex);
        }

        // For a person wondering who holds the database: tools that ignore advisory locks (cat) can read it.
        var owner = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:O}\n");
        stream.SetLength(0);
        stream.Write(Encoding.UTF8.GetBytes(owner));
        stream.Flush();
        return new DatabaseOwnerLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
