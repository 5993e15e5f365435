using BetterTogether.Engine.Model;
using BetterTogether.Engine.Serving;

namespace BetterTogether.Engine.Tests.Serving;

public sealed class LocalModelIdTests
{
    [Fact]
    public void IdOf_ModelFolder_IsItsNameAtItsContentFingerprint_HoweverThePathIsWritten()
    {
        var folder = Fixtures.Folder("tiny_llama");

        var id = LocalModel.IdOf(folder);

        Assert.Equal($"tiny_llama@{ModelFingerprint.Compute(folder)}", id);
        Assert.Equal(id, LocalModel.IdOf(folder + Path.DirectorySeparatorChar));
        Assert.Equal(id, LocalModel.IdOf(Path.Combine(folder, "..", "tiny_llama")));
    }

    [Fact]
    public void IdOf_MissingFolder_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => LocalModel.IdOf(Path.Combine(Fixtures.TempFolder(), "nope")));
}
