using System.Reflection;

namespace BetterTogether.Hosting.Tests.Infrastructure;

/// <summary>The repository's bundled model folder (<c>models/bt-tiny</c>).</summary>
internal static class BundledModel
{
    public static string Folder => Path.Combine(
        Path.GetFullPath(typeof(BundledModel).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!),
        "models",
        "bt-tiny");
}
