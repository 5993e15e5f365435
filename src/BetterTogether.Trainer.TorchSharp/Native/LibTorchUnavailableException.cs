namespace BetterTogether.Trainer.TorchSharp.Native;

/// <summary>LibTorch (TorchSharp's native backend) or the asked-for device cannot be used in this process; the message says why and what to do.</summary>
public sealed class LibTorchUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LibTorchUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to provide it.</param>
    public LibTorchUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to provide it.</param>
    /// <param name="innerException">The loader's failure.</param>
    public LibTorchUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
