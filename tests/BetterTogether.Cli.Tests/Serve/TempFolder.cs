namespace BetterTogether.Cli.Tests.Serve;

/// <summary>Deletes a temp folder on dispose (a leftover is harmless, so failures are ignored).</summary>
internal sealed class TempFolder(string path) : IDisposable
{
    public void Dispose()
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
