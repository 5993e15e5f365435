namespace BetterTogether.TrainingJobs.Tests.Infrastructure;

/// <summary>
/// The trainer entrypoint as built in its own output folder. The copy next to the tests cannot run on its own: this
/// project's ASP.NET Core framework reference drops packages (e.g. logging) that the trainer ships with.
/// </summary>
internal static class TrainerBuild
{
    private static readonly Lazy<string> DllPath = new(Find);

    public static string Dll => DllPath.Value;

    private static string Find()
    {
        // {repo}/tests/BetterTogether.TrainingJobs.Tests/bin/{Configuration}/{tfm}/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = tfm.Parent!;
        var repository = configuration.Parent!.Parent!.Parent!.Parent!;
        var path = Path.Combine(repository.FullName, "src", "BetterTogether.Trainer", "bin", configuration.Name, tfm.Name, "bt-trainer.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"bt-trainer is not built at '{path}'.");
    }
}
