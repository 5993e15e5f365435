namespace BetterTogether.Engine.SafeTensors;

/// <summary>A named F32 tensor to write.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Shape">Its dimensions; their product must equal the data length.</param>
/// <param name="Data">Its elements in row-major order.</param>
public sealed record SafeTensor(string Name, IReadOnlyList<long> Shape, ReadOnlyMemory<float> Data);
