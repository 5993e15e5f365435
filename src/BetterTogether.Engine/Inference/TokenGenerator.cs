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

    /// <summary>
    /// Generates continuations of several prompts together: each prompt is prefilled on its own, then every
    /// decode step runs all unfinished sequences as one batch. Each sequence samples with its own sampler seeded
    /// by <see cref="SamplingOptions.Seed"/>, so its output equals <see cref="Generate"/> with the same options.
    /// </summary>
    /// <param name="prompts">Prompt token ids per sequence.</param>
    /// <param name="options">Sampling settings (shared).</param>
    /// <param name="adapter">An unmerged LoRA adapter for all sequences, or null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>One result per prompt, in order.</returns>
    public IReadOnlyList<GenerationResult> GenerateBatch(IReadOnlyList<IReadOnlyList<int>> prompts, SamplingOptions options, LoraAdapter? adapter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = prompts.Count;
        var stops = options.StopTokenIds.ToHashSet();
        var caches = new KvCache[n];
        var samplers = new TokenSampler[n];
        var outputs = new List<int>[n];
        var results = new GenerationResult?[n];
        var logits = new float[n][];
        for (var i = 0; i < n; i++)
        {
            var ids = prompts[i].ToArray();
            Model.CheckInput(ids, 0, adapter);
            caches[i] = Model.CreateCache(Math.Min(Model.Config.MaxPositionEmbeddings, ids.Length + options.MaxNewTokens));
            samplers[i] = new TokenSampler(options);
            outputs[i] = [];
            logits[i] = Model.Forward(ids, caches[i], adapter);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var active = new List<int>();
            for (var i = 0; i < n; i++)
            {
                if (results[i] is not null)
                {
                    continue;
                }

                var next = samplers[i].Next(logits[i]);
                if (stops.Contains(next))
                {
                    results[i] = new GenerationResult(outputs[i], prompts[i].Count, FinishReason.Stop);
                    continue;
                }

                outputs[i].Add(next);
                if (outputs[i].Count >= options.MaxNewTokens || caches[i].Length >= Model.Config.MaxPositionEmbeddings)
                {
                    results[i] = new GenerationResult(outputs[i], prompts[i].Count, FinishReason.Length);
                    continue;
                }

                active.Add(i);
            }

            if (active.Count == 0)
            {
                return results.Select(r => r!).ToArray();
            }

            var step = Model.ForwardBatch(active.Select(i => new[] { outputs[i][^1] }).ToArray(), active.Select(i => caches[i]).ToArray(), adapter);
            for (var k = 0; k < active.Count; k++)
            {
                logits[active[k]] = step[k];
            }
        }
    }
}
