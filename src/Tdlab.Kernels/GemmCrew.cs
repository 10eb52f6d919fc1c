using System.Diagnostics;

namespace Tdlab.Kernels;

/// <summary>
/// Helper threads that join the products of whichever thread starts a parallel GEMM (in place of the thread
/// pool's Parallel.For). A caller posts its work to idle helpers, at most threads - 1, works it itself, takes back
/// what no helper picked up, and returns once every piece is done. A helper spins on its mailbox for
/// <see cref="SpinSeconds"/> after its last piece of work, giving its core to any other runnable thread at each
/// spin, then sleeps until a caller posts again. A helper busy with another caller's work is passed over: the work
/// finishes with whoever turns up (<see cref="GemmPanelQueue{T, TK}"/>), so results never depend on who helped.
/// </summary>
/// <remarks>
/// Why not the pool: its thread came late to each product on this host, presumably woken from the sleep it fell
/// into while the caller finished the previous product's last unit. Measured 2026-12-02 on two free cores (sgemm
/// 1024 on 2 threads, instrumented): the pool thread entered each 6 ms product 290-410 us after the caller, a
/// helper that spins 4-27 us after; back-to-back products ran 7% faster (docs/performance.md, "Helper threads").
/// Gemm.Batched and the ensembles' member split still use Parallel.For.
/// </remarks>
internal static class GemmCrew
{
    /// <summary>
    /// How long a helper watches its mailbox after its last work before it sleeps: chosen, not tuned (longer than the
    /// gaps between the products of a training step, short enough that a helper left idle costs little CPU).
    /// </summary>
    public const double SpinSeconds = 0.002;

    private static readonly object Gate = new();
    private static Helper[] _helpers = [];

    /// <summary>Works <paramref name="work"/> on the calling thread and up to participants - 1 helpers.</summary>
    public static void Run(ISharedWork work, int participants)
    {
        Helper[] helpers = Enlist(participants - 1);
        for (int i = 0, posted = 0; i < helpers.Length && posted < participants - 1; i++)
            if (helpers[i].Post(work)) posted++;
        work.Work();
        foreach (var h in helpers) h.Retract(work);
        var spin = new SpinWait();
        while (!work.Finished) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>At least <paramref name="count"/> helpers, started on first need.</summary>
    private static Helper[] Enlist(int count)
    {
        Helper[] helpers = Volatile.Read(ref _helpers);
        if (helpers.Length >= count) return helpers;
        lock (Gate)
        {
            helpers = _helpers;
            if (helpers.Length < count)
            {
                var more = new Helper[count];
                helpers.CopyTo(more, 0);
                for (int i = helpers.Length; i < count; i++) more[i] = new Helper(i);
                Volatile.Write(ref _helpers, more);
                helpers = more;
            }
        }

        return helpers;
    }

    /// <summary>One helper thread and its mailbox (one posted work at a time).</summary>
    private sealed class Helper
    {
        private static readonly long SpinTicks = (long)(SpinSeconds * Stopwatch.Frequency);
        private readonly SemaphoreSlim _wake = new(0);
        private ISharedWork? _mailbox;
        private int _sleeping;

        public Helper(int index)
            => new Thread(Loop) { IsBackground = true, Name = $"gemm helper {index + 1}" }.Start();

        /// <summary>Leaves work in an empty mailbox and wakes the helper if it sleeps; false when the mailbox is full.</summary>
        public bool Post(ISharedWork work)
        {
            if (Interlocked.CompareExchange(ref _mailbox, work, null) is not null) return false;
            if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1) _wake.Release();
            return true;
        }

        /// <summary>Takes back work that is still in the mailbox (a no-op when the helper took it or it is another's).</summary>
        public void Retract(ISharedWork work) => Interlocked.CompareExchange(ref _mailbox, null, work);

        private void Loop()
        {
            while (true)
            {
                ISharedWork? work = Watch();
                if (work is null)
                {
                    // sleeping is set before the mailbox is read again, and a poster fills the mailbox before it reads
                    // sleeping (both full fences), so a post is either seen here or wakes the semaphore
                    Interlocked.Exchange(ref _sleeping, 1);
                    work = Interlocked.Exchange(ref _mailbox, null);
                    if (work is null)
                    {
                        _wake.Wait();
                        continue;
                    }

                    if (Interlocked.Exchange(ref _sleeping, 0) == 0) _wake.Wait();   // a poster saw us asleep: take its release
                }

                work.Work();
            }
        }

        /// <summary>The mailbox's work, watched for SpinTicks; null when none came.</summary>
        private ISharedWork? Watch()
        {
            long end = Stopwatch.GetTimestamp() + SpinTicks;
            var spin = new SpinWait();
            while (true)
            {
                if (Volatile.Read(ref _mailbox) is not null && Interlocked.Exchange(ref _mailbox, null) is { } work) return work;
                if (Stopwatch.GetTimestamp() > end) return null;
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
