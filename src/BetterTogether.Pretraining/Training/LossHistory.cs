using System.Globalization;
using System.Text.Json;

namespace BetterTogether.Pretraining.Training;

/// <summary>Per-step losses and wall time of a run, kept next to the checkpoint so a resumed run reports the whole curve.</summary>
internal sealed class LossHistory(string checkpointFolder)
{
    private const string FileName = "pretrain_history.json";
    private readonly List<double> _losses = [];

    public TimeSpan PriorWallTime { get; private set; }

    /// <summary>Steps of the copy warm-up that opened the run (kept so that a resumed run can report them).</summary>
    public int WarmupSteps { get; set; }

    public void Add(int step, double loss)
    {
        while (_losses.Count < step - 1)
        {
            _losses.Add(double.NaN);
        }

        _losses.Add(loss);
    }

    public double WindowMean(int window)
    {
        var tail = _losses.Skip(Math.Max(0, _losses.Count - window)).Where(l => !double.IsNaN(l)).ToList();
        return tail.Count == 0 ? double.NaN : tail.Average();
    }

    public IReadOnlyList<(int Step, double Loss)> Curve(int every)
    {
        var curve = new List<(int, double)>();
        for (var end = every; end <= _losses.Count; end += every)
        {
            var window = _losses.Skip(end - every).Take(every).Where(l => !double.IsNaN(l)).ToList();
            if (window.Count > 0)
            {
                curve.Add((end, window.Average()));
            }
        }

        if (_losses.Count % every != 0 && _losses.Count > 0)
        {
            curve.Add((_losses.Count, WindowMean(_losses.Count % every)));
        }

        return curve;
    }

    public void Save(TimeSpan wallTime)
    {
        Directory.CreateDirectory(checkpointFolder);
        var json = JsonSerializer.Serialize(new HistoryFile(_losses.Select(l => double.IsNaN(l) ? -1 : l).ToList(), wallTime.TotalSeconds, WarmupSteps));
        File.WriteAllText(Path.Combine(checkpointFolder, FileName), json);
    }

    public void Load(int steps)
    {
        var path = Path.Combine(checkpointFolder, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        var file = JsonSerializer.Deserialize<HistoryFile>(File.ReadAllText(path))
            ?? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: empty history."));
        _losses.Clear();
        _losses.AddRange(file.Losses.Take(steps).Select(l => l < 0 ? double.NaN : l));
        PriorWallTime = TimeSpan.FromSeconds(file.WallSeconds);
        WarmupSteps = file.WarmupSteps;
    }

    private sealed record HistoryFile(List<double> Losses, double WallSeconds, int WarmupSteps = 0);
}
