namespace BetterTogether.Engine.Tests;

/// <summary>Numerical derivatives, the reference the backward passes are checked against.</summary>
internal static class FiniteDifferences
{
    /// <summary>The central difference of <paramref name="f"/> in <paramref name="values"/>[<paramref name="index"/>], step 1e-4.</summary>
    public static double Central(double[] values, int index, Func<double[], double> f)
    {
        const double eps = 1e-4;
        var copy = (double[])values.Clone();
        copy[index] = values[index] + eps;
        var plus = f(copy);
        copy[index] = values[index] - eps;
        var minus = f(copy);
        return (plus - minus) / (2 * eps);
    }
}
