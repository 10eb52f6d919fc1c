using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// One row of the Rows test table: the operation run fast or by reference on input x of shape
/// (d0, d1, d2) (matrix operations use rows = d0 * d1, cols = d2), returning its output(s) as T[] and
/// int[] (argmax, else empty); tolerance |f - r| &lt;= ulps * eps * (|r| + 1); whether it runs in place.
/// </summary>
public sealed record RowsCase<T>(string Name, Func<T[], int, int, int, bool, bool, (T[] Y, int[] Arg)> Run, double Ulps, bool InPlace)
    where T : unmanaged, IFloatingPointIeee754<T>;

public static class RowsTable<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // run(x, d0, d1, d2, fast, inPlace)
    public static readonly RowsCase<T>[] Cases =
    [
        new("AddVector", (x, d0, d1, d2, fast, inPlace) =>
        {
            T[] v = [.. Enumerable.Range(0, d2).Select(j => T.CreateTruncating(0.5 - 0.125 * j))];
            T[] y = inPlace ? x : new T[x.Length];
            if (fast) Rows.AddVector(x, v, d0 * d1, y); else RowsReference.AddVector(x, v, d0 * d1, y);
            return (y, []);
        }, 0, true),
        new("SumColumns", (x, d0, d1, d2, fast, _) =>
        {
            var s = new T[d2];
            if (fast) Rows.SumColumns(x, d0 * d1, s); else RowsReference.SumColumns(x, d0 * d1, s);
            return (s, []);
        }, 0, false),
        new("Softmax", (x, d0, d1, d2, fast, inPlace) =>
        {
            T[] y = inPlace ? x : new T[x.Length];
            if (fast) Rows.Softmax(x, d0 * d1, d2, y); else RowsReference.Softmax(x, d0 * d1, d2, y);
            return (y, []);
        }, 64, true),
        new("LogSoftmax", (x, d0, d1, d2, fast, inPlace) =>
        {
            T[] y = inPlace ? x : new T[x.Length];
            if (fast) Rows.LogSoftmax(x, d0 * d1, d2, y); else RowsReference.LogSoftmax(x, d0 * d1, d2, y);
            return (y, []);
        }, 64, true),
        new("SumAxis", (x, d0, d1, d2, fast, _) =>
        {
            var y = new T[d0 * d2];
            if (fast) Rows.SumAxis(x, d0, d1, d2, y); else RowsReference.SumAxis(x, d0, d1, d2, y);
            return (y, []);
        }, 64, false),
        new("MaxAxis", (x, d0, d1, d2, fast, _) =>
        {
            var y = new T[d0 * d2];
            var arg = new int[d0 * d2];
            if (fast) Rows.MaxAxis(x, d0, d1, d2, y, arg); else RowsReference.MaxAxis(x, d0, d1, d2, y, arg);
            return (y, arg);
        }, 0, false),
    ];

    public static RowsCase<T> Get(string name) => Cases.Single(c => c.Name == name);
}
