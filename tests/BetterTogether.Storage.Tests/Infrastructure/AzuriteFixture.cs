using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BetterTogether.Storage.AzureBlob;

namespace BetterTogether.Storage.Tests.Infrastructure;

/// <summary>
/// Starts a real Azurite blob service (npm <c>azurite</c>) on a free loopback port for the test run and kills
/// its process tree afterwards. The binary comes from <c>BT_AZURITE_BIN</c>, else
/// <c>{repo}/.tools/node_modules/.bin/azurite-blob</c> (installed by scripts/test.sh). When Azurite cannot
/// start, every test that uses it fails with the reason: there is no silent skip.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _workDirectory;

    /// <summary>The blob endpoint, e.g. <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; private set; } = BlobConnectionString.DevelopmentBlobEndpoint;

    /// <summary>A connection string for this Azurite.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={BlobConnectionString.DevelopmentAccountName};AccountKey={BlobConnectionString.DevelopmentAccountKey};BlobEndpoint={BlobEndpoint};";

    public async Task InitializeAsync()
    {
        var binary = FindBinary();
        var port = FreePort();
        _workDirectory = Directory.CreateTempSubdirectory("bt-azurite-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDirectory,
        };
        foreach (var argument in new[] { "--inMemoryPersistence", "--skipApiVersionCheck", "--silent", "--disableTelemetry", "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
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

            if (await PortAnswersAsync(port))
            {
                break;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"Azurite ('{binary}') did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s. Output:\n{Output()}");
            }

            await Task.Delay(50);
        }

        BlobEndpoint = new Uri($"http://127.0.0.1:{port}/{BlobConnectionString.DevelopmentAccountName}");
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
            // scripts/test.sh points at the all-services `azurite`; prefer its blob-only sibling (no queue/table ports).
            var sibling = Path.Combine(Path.GetDirectoryName(fromEnvironment) ?? ".", "azurite-blob");
            var chosen = Path.GetFileName(fromEnvironment) == "azurite" && File.Exists(sibling) ? sibling : fromEnvironment;
            return File.Exists(chosen)
                ? chosen
                : throw new InvalidOperationException($"BT_AZURITE_BIN='{fromEnvironment}' does not exist. Install Azurite with `npm install --prefix .tools azurite@3`.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (directory.GetFiles("*.sln").Length > 0 || Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
            {
                var candidate = Path.Combine(directory.FullName, ".tools", "node_modules", ".bin", "azurite-blob");
                return File.Exists(candidate)
                    ? candidate
                    : throw new InvalidOperationException($"Azurite is not installed at '{candidate}'. Run `npm install --prefix .tools --no-audit --no-fund azurite@3` in the repository root (scripts/test.sh does), or set BT_AZURITE_BIN.");
            }
        }

        throw new InvalidOperationException($"Could not find the repository root above '{AppContext.BaseDirectory}' to locate .tools/node_modules/.bin/azurite-blob; set BT_AZURITE_BIN.");
    }

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
