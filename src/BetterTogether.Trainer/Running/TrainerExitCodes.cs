namespace BetterTogether.Trainer.Running;

/// <summary>Process exit codes of <c>bt-trainer</c>.</summary>
public static class TrainerExitCodes
{
    /// <summary>The adapter was uploaded and the job marked succeeded (or it already was).</summary>
    public const int Succeeded = 0;

    /// <summary>Training failed; the reason is in the status blob.</summary>
    public const int Failed = 1;

    /// <summary>Bad command line or unreadable spec.</summary>
    public const int BadInput = 2;

    /// <summary>Cancelled (signal, or the job was cancelled through its status blob).</summary>
    public const int Cancelled = 130;
}
