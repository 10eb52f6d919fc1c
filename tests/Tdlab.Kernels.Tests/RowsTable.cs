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
        BiasActivation("AddVectorRelu", Rows.AddVectorRelu, ElementwiseReference.Relu, 0),
        BiasActivation("AddVectorTanh", Rows.AddVectorTanh, ElementwiseReference.Tanh, 4),
        BiasActivation("AddVectorSigmoid", Rows.AddVectorSigmoid, ElementwiseReference.Sigmoid, 4),
        new("SumColumns", (x, d0, d1, d2, fast, _) =>
        {
            var s = new T[d2];
            if (fast) Rows.SumColumns(x, d0 * d1, s); else RowsReference.SumColumns(x, d0 * d1, s);
            return (s, []);
        }, 0, false),
        new("AddColumnSums", (x, d0, d1, d2, fast, _) =>
        {
            T[] s = [.. Enumerable.Range(0, d2).Select(j => T.CreateTruncating(0.25 * j - 1))];
            if (fast) Rows.AddColumnSums(x, d0 * d1, s); else RowsReference.AddColumnSums(x, d0 * d1, s);
            return (s, []);
        }, 0, false),
        // a sum of d2 products of size <= 8 in another order: the tolerance is relative to |y| + 1, loose enough
        // for cancellation over 256 terms and far below the O(1) error of a wrong index
        new("Dot", (x, d0, d1, d2, fast, _) =>
        {
            T[] v = Weights(d2);
            var y = new T[d0 * d1];
            if (fast) Rows.Dot(x, v, d0 * d1, y); else RowsReference.Dot(x, v, d0 * d1, y);
            return (y, []);
        }, 4096, false),
        new("Outer", (x, d0, d1, d2, fast, _) =>
        {
            T[] u = [.. x.Take(d0 * d1)];
            var y = new T[d0 * d1 * d2];
            if (fast) Rows.Outer(u, Weights(d2), y); else RowsReference.Outer(u, Weights(d2), y);
            return (y, []);
        }, 0, false),
        new("AddWeightedRows", (x, d0, d1, d2, fast, _) =>
        {
            T[] u = Weights(d0 * d1);
            T[] s = [.. Enumerable.Range(0, d2).Select(j => T.CreateTruncating(0.25 * j - 1))];
            if (fast) Rows.AddWeightedRows(x, u, s); else RowsReference.AddWeightedRows(x, u, s);
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

    // y = phi(x + v) against the reference bias add then the reference activation
    static RowsCase<T> BiasActivation(string name, RowsKernel fused, ElementwiseKernel phi, double ulps) => new(name, (x, d0, d1, d2, fast, inPlace) =>
    {
        T[] v = [.. Enumerable.Range(0, d2).Select(j => T.CreateTruncating(0.5 - 0.125 * j))];
        T[] y = inPlace ? x : new T[x.Length];
        if (fast) fused(x, v, d0 * d1, y);
        else { RowsReference.AddVector(x, v, d0 * d1, y); phi(y, y); }
        return (y, []);
    }, ulps, true);

    delegate void RowsKernel(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y);

    delegate void ElementwiseKernel(ReadOnlySpan<T> x, Span<T> y);

    // deterministic values in [-1, 1]
    static T[] Weights(int n) => [.. Enumerable.Range(0, n).Select(j => T.CreateTruncating(Math.Cos(0.7 * j + 0.3)))];

    public static RowsCase<T> Get(string name) => Cases.Single(c => c.Name == name);
}
