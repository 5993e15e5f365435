using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Tests;

/// <summary>Access to the PyTorch-generated fixtures (see Fixtures/make_fixtures.py).</summary>
internal static class Fixtures
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static Dictionary<string, float[]> Expected(string name)
    {
        using var f = SafeTensorsFile.Open(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + "_expected.safetensors"));
        return f.Tensors.Keys.ToDictionary(k => k, f.ReadFloats);
    }

    public static int[] Ints(float[] values) => values.Select(v => (int)v).ToArray();

    public static bool[] Bools(float[] values) => values.Select(v => v != 0f).ToArray();

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var err = MathF.Abs(expected[i] - actual[i]) / Math.Max(1f, MathF.Abs(expected[i]));
            if (!(err <= worst))
            {
                worst = err;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"{what}: worst error {worst} at {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)})");
    }

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "bt-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
