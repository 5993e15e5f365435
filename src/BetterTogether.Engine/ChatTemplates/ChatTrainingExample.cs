namespace BetterTogether.Engine.ChatTemplates;

/// <summary>A rendered, tokenized conversation for training, with the loss mask.</summary>
/// <param name="Ids">Token ids of the whole conversation.</param>
/// <param name="IsAssistantTarget">Per token: true for tokens of assistant replies and their end-of-turn token (the tokens the loss is computed on).</param>
public sealed record ChatTrainingExample(int[] Ids, bool[] IsAssistantTarget);
