namespace BetterTogether.Core.FineTuning;

/// <summary>What to fine-tune: a base model, chat records, settings and a seed.</summary>
/// <param name="BaseModel">The base model id (or location) the adapter is trained on.</param>
/// <param name="Records">Training records in chat format (already filtered and shuffled).</param>
/// <param name="Hyperparameters">LoRA and optimizer settings.</param>
/// <param name="AdapterName">The name the trained adapter is served under.</param>
/// <param name="Seed">Seed for initialisation, dropout and data order.</param>
public sealed record FineTuneRequest(
    string BaseModel,
    IReadOnlyList<ChatRecord> Records,
    FineTuneHyperparameters Hyperparameters,
    string AdapterName,
    int Seed = 0)
{
    /// <summary>Checks the request.</summary>
    /// <exception cref="ArgumentException">The base model or adapter name is empty, or there are no records.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BaseModel);
        ArgumentException.ThrowIfNullOrWhiteSpace(AdapterName);
        ArgumentNullException.ThrowIfNull(Records);
        if (Records.Count == 0)
        {
            throw new ArgumentException("A fine-tuning request needs at least one record.", nameof(Records));
        }

        Hyperparameters.Validate();
    }
}
