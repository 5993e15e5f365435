using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BetterTogether.Cli.Optimize;

/// <summary>Default run ids: derived from the settings, so rerunning the same command resumes the same run.</summary>
internal static class RunIds
{
    /// <summary>E.g. <c>iris-p-w-p-s0-3fa81c20</c>: task, strategy, seed and a hash of the budgets, model (its id and where it is) and data file.</summary>
    public static string For(OptimizeOptions options, string taskName, string model)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RunId is { } given)
        {
            return given;
        }

        var strategy = string.Join('-', options.Strategy.Split("->", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var key = string.Join('|', taskName, options.Strategy, options.Seed, options.Candidates, options.TrainSize, options.ValSize, options.Epochs, options.MaxDemos, model, options.DataFile, options.Inputs, options.OutputField, options.Program, options.Metric);
        if (options.DataFile is not null && options.Missing != Tasks.BringYourOwnData.MissingValuePolicy.Keep)
        {
            // Another missing-value policy is other data; the default keeps the run ids made before the option existed.
            key += "|missing=" + options.Missing;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
        var name = new string([.. taskName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        return string.Create(CultureInfo.InvariantCulture, $"{name}-{strategy}-s{options.Seed}-{hash}");
    }
}
