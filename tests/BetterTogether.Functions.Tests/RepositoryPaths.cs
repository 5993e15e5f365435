using System.Reflection;

namespace BetterTogether.Functions.Tests;

/// <summary>Paths the build recorded: the Functions build output and the repository root.</summary>
internal static class RepositoryPaths
{
    public static string FunctionsOutput => Metadata("FunctionsOutput");

    public static string Root => Metadata("RepositoryRoot");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        Path.GetFullPath(typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);
}
