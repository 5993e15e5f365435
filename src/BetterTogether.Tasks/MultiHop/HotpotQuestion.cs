using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.MultiHop;

/// <summary>A HotpotQA question with its gold answer and its ten (distractor-setting) paragraphs.</summary>
/// <param name="Id">HotpotQA's id.</param>
/// <param name="Question">The question.</param>
/// <param name="Answer">The gold answer.</param>
/// <param name="Type"><c>bridge</c> or <c>comparison</c>.</param>
/// <param name="SupportingTitles">The titles of the paragraphs holding the supporting facts, distinct, in order.</param>
/// <param name="Paragraphs">The question's context paragraphs (gold and distractors), as corpus passages.</param>
public sealed record HotpotQuestion(string Id, string Question, string Answer, string Type, IReadOnlyList<string> SupportingTitles, IReadOnlyList<Passage> Paragraphs);
