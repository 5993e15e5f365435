using BetterTogether.Engine.ChatTemplates;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>One pretraining document: a full ChatAdapter conversation (system, demos, request, reply).</summary>
/// <param name="Family">The task family it teaches.</param>
/// <param name="Predictor">The predictor whose prompt it is (e.g. <c>classify</c>, <c>generate_query</c>).</param>
/// <param name="Turns">The conversation, ending with the assistant's reply.</param>
public sealed record CorpusDocument(TaskFamily Family, string Predictor, IReadOnlyList<ChatTurn> Turns)
{
    /// <summary>The user content of the final request (what identifies the item).</summary>
    public string FinalRequest => Turns.Last(t => t.Role == "user").Content;
}
