namespace Tdlab.Kernels;

/// <summary>
/// How many threads the kernels may use. A process-wide default (all cores) that a caller can lower for
/// the current thread with <see cref="Limit"/>, e.g. a sweep runner that runs one run per core.
/// Kernels split work over output blocks only, so results never depend on this number.
/// </summary>
public static class Parallelism
{
    private static int _defaultThreads = Environment.ProcessorCount;

    [ThreadStatic]
    private static int _threadLimit;

    /// <summary>The process-wide default thread count (at least 1).</summary>
    public static int DefaultThreads
    {
        get => _defaultThreads;
        set => _defaultThreads = Math.Max(1, value);
    }

    /// <summary>Threads a kernel called from this thread may use now.</summary>
    public static int Threads => _threadLimit > 0 ? _threadLimit : _defaultThreads;

    /// <summary>Limits kernels called from this thread to <paramref name="threads"/> until disposed.</summary>
    public static Scope Limit(int threads) => new(threads);

    /// <summary>Restores the previous per-thread limit on dispose.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly int _previous;

        internal Scope(int threads)
        {
            _previous = _threadLimit;
            _threadLimit = Math.Max(1, threads);
        }

        public void Dispose() => _threadLimit = _previous;
    }
}
