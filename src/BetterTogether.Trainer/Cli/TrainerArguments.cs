using System.Globalization;

namespace BetterTogether.Trainer.Cli;

/// <summary>
/// Command line of <c>bt-trainer</c>: <c>--spec &lt;store path | blob URL&gt; [--store &lt;spec&gt;] [--container &lt;name&gt;]
/// [--work-dir &lt;folder&gt;] [--progress-interval &lt;seconds&gt;]</c>. Unset values fall back to the environment
/// (<c>BT_TRAINING_SPEC</c>, <c>BT_ARTIFACTS</c>, <c>BT_ARTIFACTS_CONTAINER</c>).
/// </summary>
/// <param name="Spec">Store path or blob URL of the job spec.</param>
/// <param name="Store">Store spec, or null to derive it from a blob URL spec.</param>
/// <param name="Container">Blob container, or null for the default.</param>
/// <param name="WorkDirectory">Scratch folder for the model and adapter (default: a temp folder).</param>
/// <param name="ProgressInterval">Minimum time between progress writes to the status blob.</param>
public sealed record TrainerArguments(string Spec, string? Store, string? Container, string? WorkDirectory, TimeSpan ProgressInterval)
{
    /// <summary>The usage text.</summary>
    public const string Usage = "usage: bt-trainer --spec <store path | blob URL> [--store <store spec>] [--container <name>] [--work-dir <folder>] [--progress-interval <seconds>]";

    /// <summary>Parses the command line, reading missing values from <paramref name="environment"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <returns>The arguments.</returns>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or <c>--spec</c> is missing.</exception>
    public static TrainerArguments Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--spec" or "--store" or "--container" or "--work-dir" or "--progress-interval"))
            {
                throw new ArgumentException($"Unknown argument '{name}'. {Usage}", nameof(args));
            }

            if (i + 1 >= args.Count || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                throw new ArgumentException($"Option {name} needs a value. {Usage}", nameof(args));
            }

            values[name] = args[++i];
        }

        var spec = values.GetValueOrDefault("--spec") ?? environment(TrainingJobs.Specs.TrainingEnvironment.SpecVariable);
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new ArgumentException($"No job spec: pass --spec or set {TrainingJobs.Specs.TrainingEnvironment.SpecVariable}. {Usage}", nameof(args));
        }

        var interval = TimeSpan.FromSeconds(2);
        if (values.TryGetValue("--progress-interval", out var seconds))
        {
            interval = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                ? TimeSpan.FromSeconds(s)
                : throw new ArgumentException($"--progress-interval '{seconds}' is not a positive number of seconds.", nameof(args));
        }

        return new TrainerArguments(
            spec,
            values.GetValueOrDefault("--store") ?? NullIfEmpty(environment(TrainingJobs.Specs.TrainingEnvironment.StoreVariable)),
            values.GetValueOrDefault("--container") ?? NullIfEmpty(environment(TrainingJobs.Specs.TrainingEnvironment.ContainerVariable)),
            values.GetValueOrDefault("--work-dir"),
            interval);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
