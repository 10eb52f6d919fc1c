using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>Runs every row of <see cref="RowsTable{T}"/> for float and double over shapes with every last-axis length 0..256.</summary>
public class RowsTableTests
{
    public static TheoryData<string> Names => [.. RowsTable<double>.Cases.Select(c => c.Name)];

    // (d0, d1, d2): the contiguous length d2 runs 0..256; the reduced axis d1 runs 1..40 with inner 1 and 7
    static IEnumerable<(int, int, int)> Shapes()
    {
        for (int n = 0; n <= 256; n++) yield return (1, 3, n);
        for (int a = 1; a <= 40; a++) { yield return (2, a, 1); yield return (2, a, 7); }
        yield return (0, 4, 5);
        yield return (3, 1, 300);
    }

    [Theory, MemberData(nameof(Names))]
    public void MatchesReferenceOnEveryShape(string name)
    {
        Run<float>(name);
        Run<double>(name);
    }

    [Theory, MemberData(nameof(Names))]
    public void MatchesReferenceOnSpecialValues(string name)
    {
        Specials<float>(name);
        Specials<double>(name);
    }

    static void Run<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = RowsTable<T>.Get(name);
        var rng = new Random(5 + name.Length);
        foreach (var (d0, d1, d2) in Shapes())
        {
            T[] x = ElementwiseTableTests.Draw<T>(rng, d0 * d1 * d2, -8, 8);
            var expected = k.Run((T[])x.Clone(), d0, d1, d2, false, false);
            Compare(k, expected, k.Run((T[])x.Clone(), d0, d1, d2, true, false), $"({d0}, {d1}, {d2})");
            if (k.InPlace) Compare(k, expected, k.Run((T[])x.Clone(), d0, d1, d2, true, true), $"({d0}, {d1}, {d2}) in place");
        }
    }

    // rows of special values: each row of 9 holds one special value among finite ones, at every position
    static void Specials<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = RowsTable<T>.Get(name);
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 3.0];
        int cols = 9;
        var x = new List<T>();
        foreach (double s in specials)
            for (int p = 0; p < cols; p++)
                for (int j = 0; j < cols; j++) x.Add(T.CreateTruncating(j == p ? s : j % 3 == 0 ? -0.0 : 0.25 * j));
        int rows = x.Count / cols;
        foreach (var (d0, d1, d2) in new[] { (rows, 1, cols), (1, rows, cols), (rows, cols, 1) })
        {
            var expected = k.Run([.. x], d0, d1, d2, false, false);
            Compare(k, expected, k.Run([.. x], d0, d1, d2, true, false), $"specials ({d0}, {d1}, {d2})");
        }
    }

    static void Compare<T>(RowsCase<T> k, (T[] Y, int[] Arg) expected, (T[] Y, int[] Arg) actual, string shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Y.Length, actual.Y.Length);
        for (int i = 0; i < expected.Y.Length; i++)
            Assert.True(Approx.Close(actual.Y[i], expected.Y[i], k.Ulps, k.Ulps * Approx.Eps<T>()),
                $"{k.Name}<{typeof(T).Name}> {shape} at {i}: fast {Approx.Show(actual.Y[i])}, reference {Approx.Show(expected.Y[i])}");
        Assert.Equal(expected.Arg, actual.Arg);
    }
}
