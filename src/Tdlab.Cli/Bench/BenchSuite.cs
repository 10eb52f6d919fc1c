// STUB written by the lab helper so that the `bench` command compiles before the real benchmark suite
// lands. The bench helper owns this file: replace it wholesale (same signature).
namespace Tdlab.Cli.Bench;

/// <summary>STUB: the engine benchmarks behind <c>tdlab bench</c>; returns no figures yet.</summary>
public static class BenchSuite
{
    public static SortedDictionary<string, double> Run(int threads) => new(StringComparer.Ordinal);
}
