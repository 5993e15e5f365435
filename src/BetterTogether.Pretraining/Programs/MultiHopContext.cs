using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Pretraining.Programs;

/// <summary>How the multi-hop program writes retrieved passages into its <c>context</c> field (DSPy's numbered list of <c>«Title | text»</c>).</summary>
public static class MultiHopContext
{
    /// <summary>Passages retrieved per hop.</summary>
    public const int PassagesPerHop = 3;

    /// <summary>The text of the context field; <c>N/A</c> when nothing was retrieved yet.</summary>
    /// <param name="passages">The passages, in order.</param>
    /// <returns>The field value.</returns>
    public static string Format(IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return passages.Count == 0
            ? "N/A"
            : string.Join("\n", passages.Select((p, i) => $"[{i + 1}] «{p.Title} | {p.Text}»"));
    }

    /// <summary>Appends passages not already present (by id), keeping order (DSPy's <c>deduplicate(context + passages)</c>).</summary>
    /// <param name="context">The current context.</param>
    /// <param name="passages">Newly retrieved passages.</param>
    /// <returns>The merged list.</returns>
    public static IReadOnlyList<Passage> Merge(IReadOnlyList<Passage> context, IEnumerable<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(passages);
        var merged = context.ToList();
        foreach (var p in passages)
        {
            if (!merged.Any(m => m.Id == p.Id))
            {
                merged.Add(p);
            }
        }

        return merged;
    }
}
