using BetterTogether.Core.Randomness;

namespace BetterTogether.Core.Tests.Randomness;

// Expected values were printed by CPython 3 (random.Random).
public sealed class PythonRandomTests
{
    [Theory]
    [InlineData(0, 0.8444218515250481)]
    [InlineData(42, 0.6394267984578837)]
    [InlineData(1099511627781, 0.5043802970418443)]
    public void NextDouble_Seeded_MatchesCPython(long seed, double expected) =>
        Assert.Equal(expected, new PythonRandom(seed).NextDouble());

    [Fact]
    public void Shuffle_Seed0_MatchesCPython()
    {
        var list = Enumerable.Range(0, 10).ToList();
        new PythonRandom(0).Shuffle(list);
        Assert.Equal([7, 8, 1, 5, 3, 4, 2, 0, 9, 6], list);
    }

    [Fact]
    public void Sample_SmallAndLargePopulations_MatchCPython()
    {
        Assert.Equal([7, 18, 17, 4, 11, 19, 15], new PythonRandom(3).Sample(Enumerable.Range(0, 30).ToList(), 7));
        Assert.Equal([3, 4, 0, 1, 2], new PythonRandom(0).Sample(Enumerable.Range(0, 5).ToList(), 5));
        Assert.Equal([137, 582, 867, 821, 782, 64, 261, 120, 507, 779], new PythonRandom(1).Sample(Enumerable.Range(0, 1000).ToList(), 10));
    }

    [Fact]
    public void RandInt_Seeds0To15_MatchesCPython()
    {
        var draws = Enumerable.Range(0, 16).Select(s => new PythonRandom(s).RandInt(1, 4)).ToList();
        Assert.Equal([4, 2, 1, 2, 2, 3, 1, 3, 2, 4, 1, 4, 4, 3, 1, 2], draws);
    }

    [Fact]
    public void GetRandBitsAndChoice_Seed7_MatchCPython()
    {
        var rng = new PythonRandom(7);
        Assert.Equal(1040772936760UL, rng.GetRandBits(40));
        Assert.Equal(19, rng.Choice(Enumerable.Range(0, 100).ToList()));
    }

    [Fact]
    public void Sample_MoreThanPopulation_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PythonRandom(0).Sample([1, 2], 3));
}
