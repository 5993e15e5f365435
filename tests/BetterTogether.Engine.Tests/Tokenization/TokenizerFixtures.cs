using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.Tests.Tokenization;

/// <summary>Finds the committed fixture files (made by Fixtures/make_fixtures.py) from the test output folder.</summary>
internal static class TokenizerFixtures
{
    private static readonly Lazy<string> FolderPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "BetterTogether.Engine.Tests", "Tokenization", "Fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Tokenization/Fixtures not found above " + AppContext.BaseDirectory);
    });

    private static readonly Dictionary<string, BpeTokenizer> Cache = [];

    public static string Folder => FolderPath.Value;

    public static string PathOf(string file) => Path.Combine(Folder, file);

    public static BpeTokenizer Load(string variant)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(variant, out var tokenizer))
            {
                tokenizer = BpeTokenizer.Load(PathOf(variant + ".tokenizer.json"));
                Cache[variant] = tokenizer;
            }

            return tokenizer;
        }
    }
}
