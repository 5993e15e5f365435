namespace BetterTogether.Engine.Model;

/// <summary>Names and shapes of <see cref="LinearModule"/> values, as Hugging Face spells them.</summary>
public static class LinearModules
{
    /// <summary>All seven projections in layer order.</summary>
    public static IReadOnlyList<LinearModule> All { get; } =
        [LinearModule.QProj, LinearModule.KProj, LinearModule.VProj, LinearModule.OProj, LinearModule.GateProj, LinearModule.UpProj, LinearModule.DownProj];

    /// <summary>The short name, e.g. <c>q_proj</c> (PEFT's <c>target_modules</c> entries).</summary>
    /// <param name="module">The module.</param>
    /// <returns>Its name.</returns>
    public static string ShortName(this LinearModule module) => module switch
    {
        LinearModule.QProj => "q_proj",
        LinearModule.KProj => "k_proj",
        LinearModule.VProj => "v_proj",
        LinearModule.OProj => "o_proj",
        LinearModule.GateProj => "gate_proj",
        LinearModule.UpProj => "up_proj",
        LinearModule.DownProj => "down_proj",
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
    };

    /// <summary>The path inside a layer, e.g. <c>self_attn.q_proj</c>.</summary>
    /// <param name="module">The module.</param>
    /// <returns>Its path.</returns>
    public static string LayerPath(this LinearModule module) =>
        (module <= LinearModule.OProj ? "self_attn." : "mlp.") + module.ShortName();

    /// <summary>Parses a short name (<c>q_proj</c>…).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The module.</returns>
    /// <exception cref="ArgumentException">The name is not a known projection.</exception>
    public static LinearModule Parse(string name) =>
        All.FirstOrDefault(m => m.ShortName() == name, (LinearModule)(-1)) is var m && m >= 0
            ? m
            : throw new ArgumentException($"Unknown linear module '{name}' (expected one of {string.Join(", ", All.Select(x => x.ShortName()))}).", nameof(name));

    /// <summary>Input features of a module under <paramref name="config"/>.</summary>
    /// <param name="module">The module.</param>
    /// <param name="config">The model's config.</param>
    /// <returns>Its input width.</returns>
    public static int InFeatures(this LinearModule module, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return module switch
        {
            LinearModule.OProj => config.NumAttentionHeads * config.HeadDim,
            LinearModule.DownProj => config.IntermediateSize,
            _ => config.HiddenSize,
        };
    }

    /// <summary>Output features of a module under <paramref name="config"/>.</summary>
    /// <param name="module">The module.</param>
    /// <param name="config">The model's config.</param>
    /// <returns>Its output width.</returns>
    public static int OutFeatures(this LinearModule module, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return module switch
        {
            LinearModule.QProj => config.NumAttentionHeads * config.HeadDim,
            LinearModule.KProj or LinearModule.VProj => config.NumKeyValueHeads * config.HeadDim,
            LinearModule.GateProj or LinearModule.UpProj => config.IntermediateSize,
            _ => config.HiddenSize,
        };
    }

    /// <summary>Whether the module carries a bias under <paramref name="config"/>.</summary>
    /// <param name="module">The module.</param>
    /// <param name="config">The model's config.</param>
    /// <returns>True when a bias tensor exists.</returns>
    public static bool HasBias(this LinearModule module, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return module switch
        {
            LinearModule.QProj or LinearModule.KProj or LinearModule.VProj => config.QkvBias,
            LinearModule.OProj => config.OutputBias,
            _ => config.MlpBias,
        };
    }
}
