namespace BetterTogether.Tasks.Retrieval;

/// <summary>A retrievable passage: a titled paragraph.</summary>
/// <param name="Id">A corpus-unique id.</param>
/// <param name="Title">The title (a Wikipedia page title for HotpotQA; an entity name for synthetic worlds).</param>
/// <param name="Text">The paragraph.</param>
public sealed record Passage(string Id, string Title, string Text)
{
    /// <summary>The passage as DSPy's retrievers hand it to a program: <c>Title | Text</c>.</summary>
    public override string ToString() => $"{Title} | {Text}";
}
