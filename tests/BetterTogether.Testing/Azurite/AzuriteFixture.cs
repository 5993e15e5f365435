using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
namespace BetterTogether.Testing.Azurite;

/// <summary>
/// Starts a real Azurite (npm <c>azurite</c>: blob, queue and table services, as Durable's Azure Storage provider needs)
/// on free loopback ports for the test run and kills its process tree afterwards. The binary comes from
/// <c>BT_AZURITE_BIN</c>, else <c>{repo}/.tools/node_modules/.bin/azurite</c> (installed by scripts/test.sh). When Azurite cannot
/// start, every test that uses it fails with the reason: there is no silent skip.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _workDirectory;

    /// <summary>Azurite's well-known development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The blob endpoint, e.g. <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; private set; } = new("http://127.0.0.1:10000/devstoreaccount1");

    /// <summary>The queue endpoint.</summary>
    public Uri QueueEndpoint { get; private set; } = new("http://127.0.0.1:10001/devstoreaccount1");

    /// <summary>The table endpoint.</summary>
    public Uri TableEndpoint { get; private set; } = new("http://127.0.0.1:10002/devstoreaccount1");

    /// <summary>A connection string for this Azurite's three services.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    public async Task InitializeAsync()
    {
        var binary = FindBinary();
        var (port, queuePort, tablePort) = (FreePort(), FreePort(), FreePort());
        _workDirectory = Directory.CreateTempSubdirectory("bt-azurite-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDirectory,
        };
        foreach (var argument in new[] { "--inMemoryPersistence", "--skipApiVersionCheck", "--silent", "--disableTelemetry", "--blobHost", "127.0.0.1", "--blobPort", Text(port), "--queueHost", "127.0.0.1", "--queuePort", Text(queuePort), "--tableHost", "127.0.0.1", "--tablePort", Text(tablePort) })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"Azurite could not start from '{binary}': {ex.Message}. Install it with `npm install --prefix .tools azurite@3` or set BT_AZURITE_BIN.", ex);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite ('{binary}') exited with code {_process.ExitCode} before listening on port {port}. Output:\n{Output()}");
            }

            if (await PortAnswersAsync(port) && await PortAnswersAsync(queuePort) && await PortAnswersAsync(tablePort))
            {
                break;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"Azurite ('{binary}') did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s. Output:\n{Output()}");
            }

            await Task.Delay(50);
        }

        BlobEndpoint = new Uri($"http://127.0.0.1:{port}/{AccountName}");
        QueueEndpoint = new Uri($"http://127.0.0.1:{queuePort}/{AccountName}");
        TableEndpoint = new Uri($"http://127.0.0.1:{tablePort}/{AccountName}");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        if (_workDirectory is not null)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        return Task.CompletedTask;
    }

    private static string FindBinary()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BT_AZURITE_BIN");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"BT_AZURITE_BIN='{fromEnvironment}' does not exist. Install Azurite with `npm install --prefix .tools azurite@3`.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (directory.GetFiles("*.sln").Length > 0 || Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
            {
                var candidate = Path.Combine(directory.FullName, ".tools", "node_modules", ".bin", "azurite");
                return File.Exists(candidate)
                    ? candidate
                    : throw new InvalidOperationException($"Azurite is not installed at '{candidate}'. Run `npm install --prefix .tools --no-audit --no-fund azurite@3` in the repository root (scripts/test.sh does), or set BT_AZURITE_BIN.");
            }
        }

        throw new InvalidOperationException($"Could not find the repository root above '{AppContext.BaseDirectory}' to locate .tools/node_modules/.bin/azurite; set BT_AZURITE_BIN.");
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> PortAnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.Length == 0 ? "(none)" : _output.ToString();
        }
    }
}
