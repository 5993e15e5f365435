using TorchSharp;

namespace BetterTogether.Trainer.TorchSharp.Native;

/// <summary>
/// A device and the precision of the frozen base weights on it: bf16 on CUDA (half the memory, tensor cores),
/// fp32 on the CPU (where bf16 matmuls are slow and the engine it is compared with is fp32). LoRA parameters, their
/// gradients and AdamW state are fp32 everywhere.
/// </summary>
/// <param name="Device">The LibTorch device.</param>
/// <param name="WeightType">Element type of the frozen base weights and the activations.</param>
public sealed record TorchTarget(torch.Device Device, torch.ScalarType WeightType)
{
    /// <summary>Gets the CPU with fp32 weights.</summary>
    public static TorchTarget Cpu { get; } = new(new torch.Device(DeviceType.CPU), torch.ScalarType.Float32);

    /// <summary>Gets the first CUDA GPU with bf16 weights.</summary>
    public static TorchTarget Cuda { get; } = new(new torch.Device(DeviceType.CUDA, 0), torch.ScalarType.BFloat16);

    /// <summary>Gets a value indicating whether this is a CUDA device.</summary>
    public bool IsCuda => Device.type == DeviceType.CUDA;

    /// <inheritdoc/>
    public override string ToString() => $"{Device.type} ({WeightType} weights)";
}
