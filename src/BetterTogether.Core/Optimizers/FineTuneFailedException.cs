using BetterTogether.Core.FineTuning;

namespace BetterTogether.Core.Optimizers;

/// <summary>A fine-tuning job failed, was cancelled, or could not be started; the weight step fails with it.</summary>
public sealed class FineTuneFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FineTuneFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FineTuneFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public FineTuneFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a job that ended badly.</summary>
    public FineTuneFailedException(FineTuneJobStatus status)
        : base($"Fine-tuning job \"{status?.JobId}\" ended {status?.State}: {status?.Error ?? "no error given"}.")
    {
        Status = status;
    }

    /// <summary>The job's final status, when it got one.</summary>
    public FineTuneJobStatus? Status { get; }
}
