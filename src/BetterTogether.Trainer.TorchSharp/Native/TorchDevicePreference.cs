namespace BetterTogether.Trainer.TorchSharp.Native;

/// <summary>Where a TorchSharp run should train.</summary>
public enum TorchDevicePreference
{
    /// <summary>CUDA when LibTorch sees a GPU, else the CPU.</summary>
    Auto,

    /// <summary>The CPU (fp32 weights).</summary>
    Cpu,

    /// <summary>The first CUDA GPU (bf16 weights); fails when there is none.</summary>
    Cuda,
}
