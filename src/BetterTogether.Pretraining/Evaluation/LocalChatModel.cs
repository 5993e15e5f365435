using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Inference;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Tokenization;
using BetterTogether.Engine.Training;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>
/// A model folder loaded through the engine's ordinary path (config, safetensors, tokenizer.json,
/// tokenizer_config.json's chat template), with chat completion (greedy or seeded sampling) and training-sequence rendering.
/// </summary>
public sealed class LocalChatModel
{
    private readonly IReadOnlyList<int> _stopIds;

    private LocalChatModel(LlamaModel model, BpeTokenizer tokenizer, ChatTemplate template)
    {
        Model = model;
        Tokenizer = tokenizer;
        Template = template;
        Generator = new TokenGenerator(model);
        _stopIds = template.StopTokenIds(tokenizer);
    }

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>The tokenizer.</summary>
    public BpeTokenizer Tokenizer { get; }

    /// <summary>The chat template.</summary>
    public ChatTemplate Template { get; }

    /// <summary>Called with every reply (for inspection), or null.</summary>
    public Action<string>? ReplyObserver { get; set; }

    /// <summary>The KV-cache generator.</summary>
    public TokenGenerator Generator { get; }

    /// <summary>Loads a model folder.</summary>
    /// <param name="folder">Holds config.json, model.safetensors, tokenizer.json and tokenizer_config.json.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="ModelFormatException">The folder's model is malformed.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static LocalChatModel Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var model = LlamaModel.Load(folder);
        var tokenizer = BpeTokenizer.Load(Path.Combine(folder, "tokenizer.json"));
        var template = ChatTemplate.FromTokenizerConfig(Path.Combine(folder, "tokenizer_config.json"));
        return new LocalChatModel(model, tokenizer, template);
    }

    /// <summary>Completion of a conversation (the assistant's next turn), greedy unless <paramref name="sampling"/> is given.</summary>
    /// <param name="request">The conversation so far.</param>
    /// <param name="maxNewTokens">Most tokens to generate.</param>
    /// <param name="adapter">An unmerged LoRA adapter, or null.</param>
    /// <param name="sampling">Temperature and seed, or null for greedy decoding.</param>
    /// <param name="cancellationToken">Stops between tokens.</param>
    /// <returns>The reply text.</returns>
    public string Complete(IReadOnlyList<ChatTurn> request, int maxNewTokens = 256, LoraAdapter? adapter = null, GateSampling? sampling = null, CancellationToken cancellationToken = default) =>
        Complete(EncodePrompt(request), maxNewTokens, adapter, sampling, cancellationToken);

    /// <summary>Completion of a prompt already encoded with <see cref="EncodePrompt"/>, greedy unless <paramref name="sampling"/> is given.</summary>
    /// <param name="prompt">The prompt's token ids.</param>
    /// <param name="maxNewTokens">Most tokens to generate.</param>
    /// <param name="adapter">An unmerged LoRA adapter, or null.</param>
    /// <param name="sampling">Temperature and seed, or null for greedy decoding.</param>
    /// <param name="cancellationToken">Stops between tokens.</param>
    /// <returns>The reply text.</returns>
    public string Complete(int[] prompt, int maxNewTokens = 256, LoraAdapter? adapter = null, GateSampling? sampling = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var room = Model.Config.MaxPositionEmbeddings - prompt.Length - 1;
        if (room <= 0)
        {
            return string.Empty;
        }

        var result = Generator.Generate(prompt, new SamplingOptions
        {
            MaxNewTokens = Math.Min(maxNewTokens, room),
            StopTokenIds = _stopIds,
            Temperature = sampling?.Temperature ?? 0,
            Seed = sampling?.Seed ?? 0,
        }, adapter, cancellationToken: cancellationToken);
        var reply = Tokenizer.Decode(result.Tokens.ToArray(), skipSpecialTokens: true);
        ReplyObserver?.Invoke(reply);
        return reply;
    }

    /// <summary>The prompt a completion of <paramref name="request"/> feeds the model: the chat template with the generation prompt, encoded.</summary>
    /// <param name="request">The conversation so far.</param>
    /// <returns>The prompt's token ids.</returns>
    public int[] EncodePrompt(IReadOnlyList<ChatTurn> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Tokenizer.Encode(Template.Render(request, addGenerationPrompt: true));
    }

    /// <summary>A conversation as a training sequence with loss on the assistant tokens.</summary>
    /// <param name="conversation">The conversation, ending with the assistant's reply.</param>
    /// <returns>The sequence.</returns>
    public TrainingSequence ToTrainingSequence(IReadOnlyList<ChatTurn> conversation)
    {
        var example = Template.RenderForTraining(Tokenizer, conversation);
        return new TrainingSequence(example.Ids, example.IsAssistantTarget);
    }
}
