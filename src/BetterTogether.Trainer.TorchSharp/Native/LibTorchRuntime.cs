using System.Runtime.InteropServices;
using System.Runtime.Loader;
using TorchSharp;

namespace BetterTogether.Trainer.TorchSharp.Native;

/// <summary>
/// Loads TorchSharp's native backend once per process and resolves the training device. Normally the LibTorch natives
/// sit beside the app (a host that references <c>libtorch-cpu-linux-x64</c> or <c>TorchSharp-cuda-linux</c>). A host
/// without them (<c>bt bench</c>) or whose <c>libLibTorchSharp.so</c> does not load as shipped (Debian 12's
/// libstdc++ lacks GLIBCXX_3.4.32; see the test project's NativeSetup) names a folder holding the natives instead.
/// </summary>
public static class LibTorchRuntime
{
    /// <summary>Environment variable naming a folder of LibTorch natives (and <c>libLibTorchSharp.so</c>) to load first.</summary>
    public const string NativeFolderVariable = "BT_LIBTORCH_NATIVE_DIR";

    /// <summary>The LibTorch version TorchSharp 0.107 binds (the <c>libtorch-*</c> package version).</summary>
    public const string LibTorchVersion = "2.10.0";

    private const string ShimName = "LibTorchSharp";

    // Dependencies first: the shim's DT_NEEDED entries then resolve to these already-loaded sonames.
    private static readonly string[] Preloaded = ["libc10.so", "libtorch_cpu.so", "libtorch.so", "libc10_cuda.so", "libtorch_cuda.so"];

    private static readonly Lock Gate = new();
    private static string? _nativeFolder;
    private static bool _loaded;

    /// <summary>Loads LibTorch (CPU) if it is not loaded yet.</summary>
    /// <param name="nativeFolder">A folder of LibTorch natives to use before the app's own, or null.</param>
    /// <exception cref="LibTorchUnavailableException">The natives are missing or do not load here.</exception>
    public static void EnsureLoaded(string? nativeFolder = null)
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            if (!string.IsNullOrWhiteSpace(nativeFolder))
            {
                UseFolder(nativeFolder);
            }

            // Probe the shim the way TorchSharp's first loading step does. When that fails TorchSharp falls back to
            // copying every LibTorch native out of the NuGet cache next to the app (about 500 MB): stop before it.
            try
            {
                NativeLibrary.Load(ShimName, typeof(torch).Assembly, null);
            }
            catch (DllNotFoundException ex)
            {
                throw new LibTorchUnavailableException(
                    $"TorchSharp's native backend did not load: {ex.Message} The host must carry the LibTorch natives (bt-trainer: build with "
                    + $"-p:TorchSharpNative=cpu or cuda; or set {NativeFolderVariable} to a folder holding libtorch_cpu.so and libLibTorchSharp.so). "
                    + "On a libstdc++ older than 13 (Debian 12) libLibTorchSharp.so needs GLIBCXX_3.4.32: use the trainer image (Ubuntu 24.04).",
                    ex);
            }

            torch.InitializeDeviceType(DeviceType.CPU);
            _loaded = true;
        }
    }

    /// <summary>Loads LibTorch and picks the device for <paramref name="preference"/>.</summary>
    /// <param name="preference">CPU, CUDA, or CUDA when present.</param>
    /// <param name="nativeFolder">A folder of LibTorch natives to use before the app's own, or null.</param>
    /// <returns>The device and weight precision.</returns>
    /// <exception cref="LibTorchUnavailableException">LibTorch does not load, or CUDA was required and is absent.</exception>
    public static TorchTarget Resolve(TorchDevicePreference preference, string? nativeFolder = null)
    {
        EnsureLoaded(nativeFolder);
        if (preference == TorchDevicePreference.Cpu)
        {
            return TorchTarget.Cpu;
        }

        if (torch.cuda.is_available())
        {
            return TorchTarget.Cuda;
        }

        return preference == TorchDevicePreference.Cuda
            ? throw new LibTorchUnavailableException("CUDA was asked for but LibTorch sees no GPU: run the CUDA trainer image (TorchSharp-cuda-linux) on a GPU node, or ask for the torchsharp-cpu backend.")
            : TorchTarget.Cpu;
    }

    /// <summary>
    /// The LibTorch CPU natives in the local NuGet cache (restored by any project that references
    /// <c>libtorch-cpu-linux-x64</c>), or null when they are not there.
    /// </summary>
    /// <returns>The folder, or null.</returns>
    public static string? FindRestoredCpuNatives()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var folder = Path.Combine(packages, "libtorch-cpu-linux-x64", LibTorchVersion, "runtimes", "linux-x64", "native");
        return File.Exists(Path.Combine(folder, "libtorch_cpu.so")) ? folder : null;
    }

    // Probed by file, not by loading: a bare-name load would also find a system LibTorch (Debian's python3-torch).
    private static bool AppCarriesLibTorch() =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));

    private static void UseFolder(string folder)
    {
        if (!File.Exists(Path.Combine(folder, "libtorch_cpu.so")))
        {
            throw new LibTorchUnavailableException($"{NativeFolderVariable} names '{folder}', which holds no libtorch_cpu.so.");
        }

        // Two copies of LibTorch in one process abort on duplicate operator registrations: when the app carries its
        // own, the folder only stands in for a shim that does not load (its LibTorch dependencies resolve by soname to
        // the app's copy, already loaded); otherwise the folder's LibTorch is loaded first.
        if (AppCarriesLibTorch())
        {
            // Loaded now, the app's copy is what the folder's shim binds to (a failed load of the app's shim unloads
            // the dependencies it pulled in).
            foreach (var name in new[] { "c10", "torch_cpu", "torch" })
            {
                NativeLibrary.TryLoad(name, typeof(torch).Assembly, null, out _);
            }
        }
        else
        {
            foreach (var file in Preloaded.Select(f => Path.Combine(folder, f)).Where(File.Exists))
            {
                NativeLibrary.Load(file);
            }
        }

        _nativeFolder = folder;

        // Runs only when the app's own probing fails (no shim beside the app, or one that does not load here).
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
        {
            var candidate = Path.Combine(_nativeFolder, $"lib{name}.so");
            return File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle) ? handle : IntPtr.Zero;
        };
    }
}
