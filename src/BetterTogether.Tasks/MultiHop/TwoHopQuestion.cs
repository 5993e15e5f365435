namespace BetterTogether.Tasks.MultiHop;

/// <summary>A synthetic two-hop question and the gold path to its answer.</summary>
/// <param name="Id">A stable id within its world.</param>
/// <param name="Question">The question.</param>
/// <param name="Answer">The gold answer.</param>
/// <param name="Kind">The template (for example <c>film-director-birthplace</c>).</param>
/// <param name="FirstHopQuery">A query that retrieves the first supporting passage (the entity named in the question).</param>
/// <param name="BridgeEntity">The entity the first passage leads to; a query for it retrieves the second passage.</param>
/// <param name="SupportingPassageIds">The two passages needed, in hop order.</param>
public sealed record TwoHopQuestion(string Id, string Question, string Answer, string Kind, string FirstHopQuery, string BridgeEntity, IReadOnlyList<string> SupportingPassageIds);
