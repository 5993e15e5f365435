namespace BetterTogether.Tasks.Arithmetic;

/// <summary>How <see cref="WordProblemGenerator"/> words its questions.</summary>
public enum ProblemWording
{
    /// <summary>The arithmetic task's own wording, one sentence pattern per template.</summary>
    Task,

    /// <summary>
    /// Another wording of each template (other verbs, other sentence order), for a pretraining corpus that teaches the
    /// skill without the task's own sentences: the task's wording is then new to the model, as a benchmark's is to a
    /// pretrained LM, and demos or a fine-tune on the task's traces have something to teach.
    /// </summary>
    Paraphrased,
}
