using BetterTogether.Core.Adapters;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Signatures;
using BetterTogether.Engine.ChatTemplates;
using Microsoft.Extensions.AI;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>Turns the ChatAdapter's messages into chat-template turns, exactly as the program sends them at run time.</summary>
public static class ChatRendering
{
    /// <summary>Converts chat messages to template turns.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The turns.</returns>
    public static IReadOnlyList<ChatTurn> ToTurns(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList();
    }

    /// <summary>The request turns for a call (system, demos, inputs), without the reply.</summary>
    /// <param name="signature">The (extended) signature.</param>
    /// <param name="demos">Demos.</param>
    /// <param name="inputs">Input values.</param>
    /// <returns>The turns.</returns>
    public static IReadOnlyList<ChatTurn> Request(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, string> inputs) =>
        ToTurns(ChatAdapter.Default.Format(signature, demos, inputs));

    /// <summary>A full conversation: the request and the reply holding <paramref name="outputs"/>.</summary>
    /// <param name="signature">The (extended) signature.</param>
    /// <param name="demos">Demos.</param>
    /// <param name="inputs">Input values.</param>
    /// <param name="outputs">Output values.</param>
    /// <returns>The turns.</returns>
    public static IReadOnlyList<ChatTurn> Conversation(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs)
    {
        var turns = Request(signature, demos, inputs).ToList();
        turns.Add(new ChatTurn(ChatTurn.AssistantRole, ChatAdapter.Default.FormatAssistantMessage(signature, outputs)));
        return turns;
    }
}
