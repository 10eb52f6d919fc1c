using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// The GEMM's helper threads (GemmCrew): a helper joins a caller's work whether it was spinning or asleep, every
/// piece runs exactly once, the caller returns only when every piece is done, and callers that race for the helpers
/// all finish (a caller that finds every helper busy works alone).
/// </summary>
public sealed class GemmCrewTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_spinning_helper_joins_the_work()
    {
        GemmCrew.Run(new Pieces(8), 2);                     // starts the helper; it now spins
        Assert.True(TwoThreadsTookPart(), "the helper never took a piece");
    }

    [Fact]
    public void A_sleeping_helper_is_woken_and_joins()
    {
        GemmCrew.Run(new Pieces(8), 2);
        Thread.Sleep(TimeSpan.FromSeconds(20 * GemmCrew.SpinSeconds + 0.05));   // long past its spin: asleep
        Assert.True(TwoThreadsTookPart(), "the sleeping helper never took a piece");
    }

    [Fact]
    public void Every_piece_runs_once_and_the_caller_returns_after_the_last()
    {
        for (int round = 0; round < 200; round++)
        {
            var work = new Pieces(1 + round % 13, spinIterations: round % 3 * 2000);
            GemmCrew.Run(work, 2);
            Assert.True(work.Finished);
            Assert.All(work.Runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void Callers_racing_for_the_helpers_all_finish_every_piece()
    {
        var failures = new List<string>();
        var callers = Enumerable.Range(0, 4).Select(c => new Thread(() =>
        {
            for (int round = 0; round < 300; round++)
            {
                var work = new Pieces(1 + (round + c) % 9, spinIterations: round % 4 * 500);
                GemmCrew.Run(work, 1 + c % 3);
                if (!work.Finished || work.Runs.Any(r => r != 1))
                    lock (failures) failures.Add($"caller {c} round {round}: runs {string.Join(",", work.Runs)}");
            }
        })).ToArray();
        foreach (var t in callers) t.Start();
        Assert.All(callers, t => Assert.True(t.Join(Patience), "a caller did not return"));
        Assert.Empty(failures);
    }

    /// <summary>Two pieces; whoever takes the first waits until another thread takes the second (or gives up).</summary>
    private static bool TwoThreadsTookPart()
    {
        var work = new Pieces(2, waitForSecond: Patience);
        GemmCrew.Run(work, 2);
        Assert.True(work.Finished);
        return work.TakenBy[0] != work.TakenBy[1];
    }

    /// <summary>Pieces handed out from one counter; each counts its runs and the thread that ran it.</summary>
    private sealed class Pieces(int count, int spinIterations = 0, TimeSpan? waitForSecond = null) : ISharedWork
    {
        private int _next = -1, _done;

        public int[] Runs { get; } = new int[count];

        public int[] TakenBy { get; } = new int[count];

        public bool Finished => Volatile.Read(ref _done) == count;

        public void Work()
        {
            for (int i = Interlocked.Increment(ref _next); i < count; i = Interlocked.Increment(ref _next))
            {
                TakenBy[i] = Environment.CurrentManagedThreadId;
                Interlocked.Increment(ref Runs[i]);
                if (i == 0 && waitForSecond is { } patience)
                    SpinWait.SpinUntil(() => Volatile.Read(ref _next) >= 1, patience);
                Thread.SpinWait(spinIterations);
                Interlocked.Increment(ref _done);
            }
        }
    }
}
