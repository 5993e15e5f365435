namespace BetterTogether.Core.Tests.TestSupport;

/// <summary>Builds replies in the ChatAdapter format.</summary>
internal static class Replies
{
    public static string Fields(params (string Name, string Value)[] fields) =>
        string.Join("\n\n", fields.Select(f => $"[[ ## {f.Name} ## ]]\n{f.Value}")) + "\n\n[[ ## completed ## ]]";
}
