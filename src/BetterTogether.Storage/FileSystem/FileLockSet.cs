namespace BetterTogether.Storage.FileSystem;

/// <summary>
/// Per-path write locks that hold within and across processes: an in-process semaphore (so waiters in one
/// process queue instead of polling) plus an exclusive open (<see cref="FileShare.None"/>, an <c>flock</c> on Unix)
/// of a lock file under <c>{root}/.bt/locks</c>. Paths map to a fixed set of stripes by a stable hash, so lock
/// files never accumulate and are never deleted (deleting a lock file is what makes lock-file schemes racy).
/// </summary>
internal sealed class FileLockSet
{
    private const int StripeCount = 64;
    private readonly SemaphoreSlim[] _gates = new SemaphoreSlim[StripeCount];
    private readonly string _directory;
    private readonly TimeSpan _timeout;

    public FileLockSet(string root, TimeSpan timeout)
    {
        _directory = Path.Combine(root, FileNames.StateFolder, "locks");
        _timeout = timeout;
        for (var i = 0; i < StripeCount; i++)
        {
            _gates[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>The lock file that guards <paramref name="path"/>.</summary>
    public string LockFileFor(string path) => Path.Combine(_directory, $"{StripeOf(path):x2}.lock");

    public async Task<IDisposable> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(path);
        var gate = _gates[stripe];
        if (!await gate.WaitAsync(_timeout, cancellationToken).ConfigureAwait(false))
        {
            throw Timeout(path);
        }

        try
        {
            var file = LockFileFor(path);
            var started = Environment.TickCount64;
            var delay = 1;
            while (true)
            {
                try
                {
                    var handle = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new Held(handle, gate);
                }
                catch (DirectoryNotFoundException)
                {
                    Directory.CreateDirectory(_directory);
                }
                catch (IOException) when (Environment.TickCount64 - started < _timeout.TotalMilliseconds)
                {
                    // Another process holds the lock: poll with a short, growing delay.
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    delay = Math.Min(delay * 2, 50);
                }
                catch (IOException ex)
                {
                    throw Timeout(path, ex);
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private ArtifactStoreException Timeout(string path, Exception? inner = null) =>
        new($"Timed out after {_timeout} waiting for the write lock of '{path}' (held by another writer).", _directory, null, null, inner);

    private static int StripeOf(string path) => (int)(Fnv1a(path) % StripeCount);

    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private sealed class Held(FileStream handle, SemaphoreSlim gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                handle.Dispose();
                gate.Release();
            }
        }
    }
}
