namespace BetterTogether.Durable.Tests.Infrastructure;

/// <summary>A temp folder deleted with the test class.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bt-durable-").FullName;

    public string NewDatabase() => System.IO.Path.Combine(Path, $"{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
