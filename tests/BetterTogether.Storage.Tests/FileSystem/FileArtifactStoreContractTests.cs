using BetterTogether.Storage.FileSystem;
using BetterTogether.Storage.Tests.Contract;

namespace BetterTogether.Storage.Tests.FileSystem;

public sealed class FileArtifactStoreContractTests : ArtifactStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bt-store-");

    public void Dispose() => _root.Delete(recursive: true);

    protected override IArtifactStore CreateStore() => new FileArtifactStore(Path.Combine(_root.FullName, "store"));
}
