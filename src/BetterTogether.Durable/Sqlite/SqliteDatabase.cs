using Microsoft.Data.Sqlite;

namespace BetterTogether.Durable.Sqlite;

/// <summary>
/// One connection to the database file, used by one operation at a time. One process owns the file and its
/// operations take well under a millisecond, so serializing them costs nothing and rules out SQLite busy errors inside
/// the process; WAL mode lets read-only readers in other processes read meanwhile.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private SqliteDatabase(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the file; a writable database is switched to WAL mode.</summary>
    public static SqliteDatabase Open(string path, bool readOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,

            // This one connection lives as long as the service; without a pool, disposing it closes the file.
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var session = new SqliteSession(connection, null);

            // A reader may meet the owner's checkpoint; wait for it rather than fail.
            session.Execute("PRAGMA busy_timeout = 5000;");
            if (!readOnly)
            {
                // WAL: readers in other processes do not block the owner. NORMAL: a commit survives the process being killed;
                // only a power loss can drop the last commits, which then run again (at-least-once, as after a crash).
                session.Execute("PRAGMA journal_mode = WAL;");
                session.Execute("PRAGMA synchronous = NORMAL;");
            }

            return new SqliteDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="read"/> alone on the connection, without a transaction.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return read(new SqliteSession(_connection, null));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="write"/> alone in one transaction, committed when it returns and rolled back when it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // IMMEDIATE takes the write lock up front, so the transaction cannot fail half-way on a lock upgrade.
            using var transaction = _connection.BeginTransaction(deferred: false);
            var result = write(new SqliteSession(_connection, transaction));
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        // Waits for the running operation so the connection is not closed under it.
        _gate.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
