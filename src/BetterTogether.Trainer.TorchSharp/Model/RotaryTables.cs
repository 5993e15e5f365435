using BetterTogether.Engine.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace BetterTogether.Trainer.TorchSharp.Model;

/// <summary>
/// cos and sin of HF's non-interleaved rotary embedding, [positions, head_dim] (each half repeated), computed on the
/// host exactly as the engine computes its tables (fp32 inverse frequencies with the config's scaling, fp32 angle,
/// double cos/sin), so both apply the same rotation.
/// </summary>
internal sealed class RotaryTables : IDisposable
{
    private readonly float[] _invFreq;
    private readonly int _headDim;
    private readonly Device _device;
    private readonly ScalarType _type;
    private Tensor? _cos;
    private Tensor? _sin;

    public RotaryTables(ModelConfig config, Device device, ScalarType type)
    {
        _headDim = config.HeadDim;
        var half = _headDim / 2;
        _invFreq = new float[half];
        for (var i = 0; i < half; i++)
        {
            _invFreq[i] = (float)(1.0 / Math.Pow(config.RopeTheta, 2.0 * i / _headDim));
        }

        config.RopeScaling?.Apply(_invFreq);
        _device = device;
        _type = type;
    }

    /// <summary>Tables for positions 0…<paramref name="positions"/>−1, shaped [1, 1, positions, head_dim] for [batch, heads, seq, head_dim].</summary>
    public (Tensor Cos, Tensor Sin) For(int positions)
    {
        if (_cos is null || _cos.shape[0] < positions)
        {
            _cos?.Dispose();
            _sin?.Dispose();
            var half = _headDim / 2;
            var cos = new float[positions * _headDim];
            var sin = new float[positions * _headDim];
            for (var p = 0; p < positions; p++)
            {
                for (var i = 0; i < half; i++)
                {
                    var angle = p * _invFreq[i];
                    var c = (float)Math.Cos(angle);
                    var s = (float)Math.Sin(angle);
                    cos[(p * _headDim) + i] = cos[(p * _headDim) + half + i] = c;
                    sin[(p * _headDim) + i] = sin[(p * _headDim) + half + i] = s;
                }
            }

            using var scope = torch.NewDisposeScope();
            _cos = torch.tensor(cos, [positions, _headDim], ScalarType.Float32).to(_type, _device).DetachFromDisposeScope();
            _sin = torch.tensor(sin, [positions, _headDim], ScalarType.Float32).to(_type, _device).DetachFromDisposeScope();
        }

        return (_cos.narrow(0, 0, positions).view(1, 1, positions, _headDim), _sin!.narrow(0, 0, positions).view(1, 1, positions, _headDim));
    }

    public void Dispose()
    {
        _cos?.Dispose();
        _sin?.Dispose();
    }
}
