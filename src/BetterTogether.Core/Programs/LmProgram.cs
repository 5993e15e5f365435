using System.Reflection;
using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;

namespace BetterTogether.Core.Programs;

/// <summary>
/// A modular LM program (DSPy's <c>dspy.Module</c>): predictors held in instance fields (or properties), composed
/// with plain C# in <see cref="ForwardAsync"/>. Predictors are discovered by reflection over fields of type
/// <see cref="Predictor"/>, <see cref="Predictor"/> arrays, and nested <see cref="LmProgram"/>s, in declaration order.
/// </summary>
/// <remarks>
/// Predictor names must be unique within a program. <see cref="DeepCopy"/> clones the program shallowly and every
/// discovered predictor deeply, so copies never share demos; other fields (retrievers, settings) are shared.
/// </remarks>
public abstract class LmProgram
{
    /// <summary>Runs the program on an example's inputs.</summary>
    /// <param name="inputs">The inputs (typically <see cref="Example.Inputs"/> of a data point).</param>
    /// <param name="cancellationToken">Cancels the LM calls.</param>
    public abstract Task<Prediction> ForwardAsync(Example inputs, CancellationToken cancellationToken = default);

    /// <summary>True once an optimizer has compiled this program (DSPy's <c>_compiled</c>).</summary>
    public bool IsCompiled { get; set; }

    /// <summary>The predictors with their stable names, in declaration order.</summary>
    /// <exception cref="InvalidOperationException">Two predictors share a name.</exception>
    public IReadOnlyList<KeyValuePair<string, Predictor>> NamedPredictors()
    {
        var result = new List<KeyValuePair<string, Predictor>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Collect(this, result, seen, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return result;
    }

    /// <summary>The predictors in declaration order.</summary>
    public IReadOnlyList<Predictor> Predictors() => [.. NamedPredictors().Select(p => p.Value)];

    /// <summary>The predictor with this name.</summary>
    /// <exception cref="KeyNotFoundException">No predictor has that name; the message lists them.</exception>
    public Predictor GetPredictor(string name)
    {
        var all = NamedPredictors();
        foreach (var (key, predictor) in all)
        {
            if (key == name)
            {
                return predictor;
            }
        }

        throw new KeyNotFoundException($"Program {GetType().Name} has no predictor \"{name}\" (predictors: {string.Join(", ", all.Select(p => p.Key))}).");
    }

    /// <summary>Returns an independent copy: same structure, cloned predictors (own demos), same LMs.</summary>
    public LmProgram DeepCopy()
    {
        var map = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        return (LmProgram)CopyNode(this, map);
    }

    /// <summary>Clears every predictor's demos and the compiled flag. Deliberate deviation: LMs are kept (see <see cref="Predictor.Reset"/>).</summary>
    public void Reset()
    {
        foreach (var predictor in Predictors())
        {
            predictor.Reset();
        }

        IsCompiled = false;
    }

    /// <summary><see cref="DeepCopy"/> then <see cref="Reset"/> (DSPy's <c>reset_copy</c>).</summary>
    public LmProgram ResetCopy()
    {
        var copy = DeepCopy();
        copy.Reset();
        return copy;
    }

    /// <summary>Sets the LM of every predictor (DSPy's <c>set_lm</c>).</summary>
    public void SetLm(LanguageModel lm)
    {
        ArgumentNullException.ThrowIfNull(lm);
        foreach (var predictor in Predictors())
        {
            predictor.Lm = lm;
        }
    }

    private static IEnumerable<FieldInfo> InstanceFields(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(LmProgram); t = t.BaseType)
        {
            chain.Push(t);
        }

        foreach (var t in chain)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).OrderBy(f => f.MetadataToken))
            {
                yield return field;
            }
        }
    }

    private static void Collect(LmProgram program, List<KeyValuePair<string, Predictor>> result, HashSet<string> seen, HashSet<object> visited)
    {
        if (!visited.Add(program))
        {
            return;
        }

        foreach (var field in InstanceFields(program.GetType()))
        {
            switch (field.GetValue(program))
            {
                case Predictor predictor:
                    Add(predictor);
                    break;
                case Predictor?[] array:
                    foreach (var item in array.OfType<Predictor>())
                    {
                        Add(item);
                    }

                    break;
                case LmProgram child:
                    Collect(child, result, seen, visited);
                    break;
                default:
                    break;
            }
        }

        void Add(Predictor predictor)
        {
            if (result.Any(p => ReferenceEquals(p.Value, predictor)))
            {
                return;
            }

            if (!seen.Add(predictor.Name))
            {
                throw new InvalidOperationException($"Program {program.GetType().Name} has two predictors named \"{predictor.Name}\"; predictor names must be unique.");
            }

            result.Add(KeyValuePair.Create(predictor.Name, predictor));
        }
    }

    private static object CopyNode(object node, Dictionary<object, object> map)
    {
        if (map.TryGetValue(node, out var existing))
        {
            return existing;
        }

        switch (node)
        {
            case Predictor predictor:
                var clone = predictor.Clone();
                map[node] = clone;
                return clone;
            case Predictor?[] array:
                var arrayCopy = (Predictor?[])array.Clone();
                map[node] = arrayCopy;
                for (var i = 0; i < arrayCopy.Length; i++)
                {
                    if (arrayCopy[i] is { } item)
                    {
                        arrayCopy[i] = (Predictor)CopyNode(item, map);
                    }
                }

                return arrayCopy;
            case LmProgram program:
                var copy = (LmProgram)program.MemberwiseClone();
                map[node] = copy;
                foreach (var field in InstanceFields(program.GetType()))
                {
                    if (field.GetValue(program) is { } value and (Predictor or Predictor?[] or LmProgram))
                    {
                        field.SetValue(copy, CopyNode(value, map));
                    }
                }

                return copy;
            default:
                return node;
        }
    }
}
