namespace BetterTogether.Engine.Model;

/// <summary>A named tensor view into a flat parameter array.</summary>
/// <param name="Name">The HF tensor name.</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Offset">First element in the flat array.</param>
/// <param name="Length">Number of elements.</param>
public sealed record TensorSlot(string Name, IReadOnlyList<int> Shape, int Offset, int Length);
