namespace BetterTogether.Engine.ChatTemplates;

/// <summary>A chat template is missing or not one of the families the engine renders.</summary>
public sealed class ChatTemplateException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public ChatTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public ChatTemplateException()
        : this("Unsupported chat template.")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ChatTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
