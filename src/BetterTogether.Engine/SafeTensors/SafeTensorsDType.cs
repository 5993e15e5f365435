namespace BetterTogether.Engine.SafeTensors;

/// <summary>The element types the engine reads from safetensors files (all converted to <see cref="float"/>).</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 single precision (<c>F32</c>).</summary>
    F32,

    /// <summary>bfloat16 (<c>BF16</c>): the upper 16 bits of an F32.</summary>
    BF16,

    /// <summary>IEEE 754 half precision (<c>F16</c>).</summary>
    F16,
}
