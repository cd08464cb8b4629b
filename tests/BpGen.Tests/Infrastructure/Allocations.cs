namespace BpGen.Tests.Infrastructure;

/// <summary>Managed-heap allocation of code that should allocate nothing once it is running.</summary>
public static class Allocations
{
    /// <summary>
    /// Bytes allocated on this thread by the quietest of a few runs of <paramref name="action"/>, after two
    /// warm-up runs. A single run can pick up a one-time allocation of the runtime itself (a method moved
    /// to optimized code on this thread in the middle of it, which a busy machine delays: a full parallel
    /// test run once saw it in three runs in a row); code that allocates per call allocates in every run,
    /// so it still shows.
    /// </summary>
    public static long InSteadyState(Action action, int runs = 5)
    {
        action();
        action();
        long fewest = long.MaxValue;
        for (int run = 0; run < runs; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
