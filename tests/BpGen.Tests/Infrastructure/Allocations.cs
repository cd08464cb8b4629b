namespace BpGen.Tests.Infrastructure;

/// <summary>Managed-heap allocation of code that should allocate nothing once it is running.</summary>
public static class Allocations
{
    /// <summary>
    /// Bytes allocated on this thread by the quietest of a few runs of <paramref name="action"/>, after two
    /// warm-up runs. A run can pick up an allocation of the runtime itself while a method moves to
    /// optimized code on this thread, which a busy machine delays: full parallel test runs saw it in five
    /// runs in a row. So while every run allocates, up to <see cref="Rounds"/> rounds of runs are made, a
    /// pause apart; code that allocates per call allocates in all of them, so it still shows.
    /// </summary>
    public static long InSteadyState(Action action, int runs = 5)
    {
        action();
        action();
        long fewest = long.MaxValue;
        for (int round = 0; round < Rounds && fewest > 0; round++)
        {
            if (round > 0)
            {
                Thread.Sleep(200); // time for the background compiler to finish what the calls so far queued
            }

            for (int run = 0; run < runs; run++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                action();
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        return fewest;
    }

    /// <summary>Rounds of runs before an allocation counts: code that allocates per call allocates in all of them.</summary>
    private const int Rounds = 4;
}
