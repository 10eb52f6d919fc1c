using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// Runs every row of <see cref="ElementwiseTable{T}"/> for float and double: all lengths 0..256 out of
/// place and in place, every pair of special values, and position independence.
/// </summary>
public class ElementwiseTableTests
{
    public static TheoryData<string> Names => [.. ElementwiseTable<double>.Cases.Select(c => c.Name)];

    static readonly double[] Specials =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.0, -1.0, 0.5, -2.0, 1e-30, -1e-30, 1e30, -1e30, 5e-324];

    [Theory, MemberData(nameof(Names))]
    public void MatchesReferenceAtEveryLengthInAndOutOfPlace(string name)
    {
        AllLengths<float>(name);
        AllLengths<double>(name);
    }

    [Theory, MemberData(nameof(Names))]
    public void MatchesReferenceOnSpecialValues(string name)
    {
        SpecialPairs<float>(name);
        SpecialPairs<double>(name);
    }

    [Theory, MemberData(nameof(Names))]
    public void ResultDependsOnlyOnTheElement(string name)
    {
        PositionIndependent<float>(name);
        PositionIndependent<double>(name);
    }

    static void AllLengths<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = ElementwiseTable<T>.Get(name);
        var rng = new Random(name.Length * 7919 + typeof(T).Name.Length);
        for (int n = 0; n <= 256; n++)
        {
            T[] a = Draw<T>(rng, n, k.Lo, k.Hi), b = Draw<T>(rng, n, -2, 2);
            var expected = new T[n];
            k.Reference(a, b, expected);

            var outOfPlace = new T[n];
            k.Fast(a, b, outOfPlace);
            Check(k, a, b, expected, outOfPlace, $"n={n} out of place");

            var overA = (T[])a.Clone();
            k.Fast(overA, b, overA);
            Check(k, a, b, expected, overA, $"n={n} in place over a");

            if (k.Arity == 2)
            {
                var overB = (T[])b.Clone();
                k.Fast(a, overB, overB);
                Check(k, a, b, expected, overB, $"n={n} in place over b");
            }
        }
    }

    static void SpecialPairs<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = ElementwiseTable<T>.Get(name);
        T[] s = [.. Specials.Select(T.CreateTruncating)];
        // every (a, b) pair of special values, laid out so each value also meets every vector lane and the tail
        T[] a = [.. s.SelectMany(x => s.Select(_ => x))], b = [.. s.SelectMany(_ => s)];
        var expected = new T[a.Length];
        var actual = new T[a.Length];
        k.Reference(a, b, expected);
        k.Fast(a, b, actual);
        Check(k, a, b, expected, actual, "special values");
    }

    static void PositionIndependent<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = ElementwiseTable<T>.Get(name);
        var rng = new Random(17);
        int n = 71;
        T[] a = Draw<T>(rng, n, k.Lo, k.Hi), b = Draw<T>(rng, n, -2, 2);
        var whole = new T[n];
        k.Fast(a, b, whole);
        var one = new T[1];
        for (int i = 0; i < n; i++)
        {
            k.Fast(a.AsSpan(i, 1), b.AsSpan(i, 1), one);
            Assert.True(Approx.Close(one[0], whole[i], 0),
                $"{name}<{typeof(T).Name}>: element {i} = {Approx.Show(a[i])} gives {Approx.Show(one[0])} alone but {Approx.Show(whole[i])} in a span of {n}");
        }
    }

    static void Check<T>(ElementwiseCase<T> k, T[] a, T[] b, T[] expected, T[] actual, string where) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Approx.Close(actual[i], expected[i], k.Ulps),
                $"{k.Name}<{typeof(T).Name}> {where}: at {i} a={Approx.Show(a[i])} b={Approx.Show(b[i])}: fast {Approx.Show(actual[i])}, reference {Approx.Show(expected[i])} (tolerance {k.Ulps} ulp)");
    }

    // Uniform in (lo, hi), with a third of the draws on a log scale down to 1e-12 of the range (small
    // arguments are where cancellation bites) and an occasional exact zero.
    internal static T[] Draw<T>(Random rng, int n, double lo, double hi) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new T[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble(), v = lo + (hi - lo) * rng.NextDouble();
            if (u < 0.3) v = Math.Clamp(Math.CopySign(Math.Max(Math.Abs(lo), Math.Abs(hi)) * Math.Pow(10, -12 * rng.NextDouble()), v), lo, hi);
            else if (u < 0.33) v = Math.Clamp(0.0, lo, hi);
            r[i] = T.CreateTruncating(v);
        }
        return r;
    }
}
