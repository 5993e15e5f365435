using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// Runs <c>torch_lora_step.py</c> (PyTorch CPU, Debian's <c>python3-torch</c>) on the bench model's shapes and
/// reads its per-step wall and CPU seconds. Finds a <c>python3</c> that can import torch and the script
/// (next to the binary under <c>Bench/</c>, or in the source tree above the working directory or the binary).
/// </summary>
internal sealed class TorchReference
{
    /// <summary>The script's file name.</summary>
    public const string ScriptName = "torch_lora_step.py";

    /// <summary>How to get PyTorch when it is missing.</summary>
    public const string InstallHint = "apt-get install -y python3-torch";

    private static readonly string[] PythonCandidates = ["python3", "/usr/bin/python3"];

    private TorchReference(string python, string script)
    {
        Python = python;
        Script = script;
    }

    /// <summary>Gets the interpreter that imports torch.</summary>
    public string Python { get; }

    /// <summary>Gets the script's path.</summary>
    public string Script { get; }

    /// <summary>Finds python3 with torch and the script; returns null with the reason when either is missing.</summary>
    public static TorchReference? TryFind(out string reason)
    {
        var script = FindScript();
        if (script is null)
        {
            reason = $"{ScriptName} not found (looked next to the binary and in src/BetterTogether.Cli/Bench above it and the working directory)";
            return null;
        }

        foreach (var python in PythonCandidates)
        {
            if (Run(python, ["-c", "import torch"], TimeSpan.FromMinutes(1), null) is { ExitCode: 0 })
            {
                reason = string.Empty;
                return new TorchReference(python, script);
            }
        }

        reason = $"python3-torch not installed (no python3 could import torch; `{InstallHint}`)";
        return null;
    }

    /// <summary>Runs the script for <paramref name="steps"/> timed steps after <paramref name="warmUps"/>.</summary>
    /// <returns>Torch's version and one wall/CPU measurement per timed step.</returns>
    /// <exception cref="InvalidOperationException">The script failed or printed no result.</exception>
    public (string Version, IReadOnlyList<BenchClock> Steps) RunTraining(int batch, int warmUps, int steps, int threads)
    {
        var c = BenchModel.Config;
        string[] args =
        [
            Script, "--hidden", I(c.HiddenSize), "--layers", I(c.NumHiddenLayers), "--heads", I(c.NumAttentionHeads),
            "--kv-heads", I(c.NumKeyValueHeads), "--intermediate", I(c.IntermediateSize), "--vocab", I(c.VocabSize),
            "--seq", I(BenchModel.SequenceLength), "--batch", I(batch), "--rank", I(BenchModel.Rank), "--alpha", I(BenchModel.Alpha),
            "--warmup", I(warmUps), "--steps", I(steps), "--threads", I(threads),
        ];
        // torch's matmuls go to OpenBLAS (Debian's libblas alternative): give it the engine's thread count. Passive
        // OpenMP waiting: with the default spin-wait, torch's idle OpenMP workers fight OpenBLAS's threads for the
        // cores and a 2-thread step on this shared machine ran ~10x slower (measured); passive is torch's best case.
        var environment = new Dictionary<string, string>
        {
            ["OPENBLAS_NUM_THREADS"] = I(threads),
            ["OMP_NUM_THREADS"] = I(threads),
            ["OMP_WAIT_POLICY"] = "PASSIVE",
        };
        var result = Run(Python, args, TimeSpan.FromMinutes(20), environment) ?? throw new InvalidOperationException($"{Python} {ScriptName} could not be started.");
        var line = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (result.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"{Python} {Script} failed (exit {result.ExitCode}): {result.Error.Trim()}");
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var walls = root.GetProperty("step_seconds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var cpus = root.GetProperty("step_cpu_seconds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var samples = walls.Zip(cpus, (w, cpu) => new BenchClock(w, cpu)).ToArray();
        return (root.GetProperty("torch").GetString() ?? "?", samples);
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? FindScript()
    {
        var besideBinary = Path.Combine(AppContext.BaseDirectory, "Bench", ScriptName);
        if (File.Exists(besideBinary))
        {
            return besideBinary;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "BetterTogether.Cli", "Bench", ScriptName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static ProcessResult? Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, Dictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return new ProcessResult(-1, string.Empty, $"timed out after {timeout}");
            }

            return new ProcessResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The interpreter is not on this machine.
            return null;
        }
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error);
}
