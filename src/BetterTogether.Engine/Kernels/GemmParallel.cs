namespace BetterTogether.Engine.Kernels;

/// <summary>Runs the parts of a <see cref="GemmJob"/> on the calling thread and the thread pool.</summary>
internal static class GemmParallel
{
    /// <summary>Runs <paramref name="job"/> split over at most <paramref name="threads"/> threads.</summary>
    public static void Run(GemmJob job, int threads)
    {
        var parts = job.PartCount(threads);
        if (parts == 1)
        {
            job.RunPart(0, 1);
            return;
        }

        Parallel.For(0, parts, part => job.RunPart(part, parts));
    }
}
