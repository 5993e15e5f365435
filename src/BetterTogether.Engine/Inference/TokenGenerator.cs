using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Inference;

/// <summary>
/// Generates tokens with a KV cache: one prefill over the prompt, then one position per new token.
/// Thread-safe: each call has its own cache, so concurrent requests (with different adapters) share one model.
/// </summary>
/// <param name="model">The model.</param>
public sealed class TokenGenerator(LlamaModel model)
{
    /// <summary>The model.</summary>
    public LlamaModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Generates a continuation of <paramref name="prompt"/>.</summary>
    /// <param name="prompt">Prompt token ids.</param>
    /// <param name="options">Sampling settings.</param>
    /// <param name="adapter">An unmerged LoRA adapter for this request, or null.</param>
    /// <param name="onToken">Called with each new token; return false to stop.</param>
    /// <param name="cancellationToken">Stops between tokens.</param>
    /// <returns>The generated tokens and why generation ended.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The prompt is longer than the model's context.</exception>
    public GenerationResult Generate(IReadOnlyList<int> prompt, SamplingOptions options, LoraAdapter? adapter = null, Func<int, bool>? onToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ids = prompt.ToArray();
        Model.CheckInput(ids, 0, adapter);
        var cache = Model.CreateCache(Math.Min(Model.Config.MaxPositionEmbeddings, ids.Length + options.MaxNewTokens));
        var sampler = new TokenSampler(options);
        var logits = Model.Forward(ids, cache, adapter);
        var output = new List<int>();
        var stops = options.StopTokenIds as IReadOnlySet<int> ?? options.StopTokenIds.ToHashSet();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = sampler.Next(logits);
            if (stops.Contains(next))
            {
                return new GenerationResult(output, ids.Length, FinishReason.Stop);
            }

            output.Add(next);
            if (onToken is not null && !onToken(next))
            {
                return new GenerationResult(output, ids.Length, FinishReason.Stop);
            }

            if (output.Count >= options.MaxNewTokens || cache.Length >= Model.Config.MaxPositionEmbeddings)
            {
                return new GenerationResult(output, ids.Length, FinishReason.Length);
            }

            logits = Model.Forward([next], cache, adapter);
        }
    }
}
