using System.Runtime.Intrinsics;
using Tdlab.Kernels.Operators;
using Xunit.Abstractions;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// Dense sweeps of the float-lane exp, tanh and sigmoid (<see cref="SingleMath"/>) at all three vector
/// widths against the double-precision definition rounded to float, in units in the last place
/// (distance between the two floats in the ordered bit pattern; subnormals count in steps of 2^-149).
/// Points: 2^20 + 1 evenly spaced in [-10, 10], 2^15 log-spaced magnitudes in [1e-30, 1] of each sign,
/// 2^14 evenly spaced over the whole finite-exp range [-104, 89], and edge points. Each sweep runs twice:
/// as is, and with lane 0 of every vector set to NaN, which sends exp down its wide (clamped) path.
/// </summary>
public class SingleMathSweepTests(ITestOutputHelper output)
{
    const int Lanes512 = 16;

    static readonly float[] Edges =
    [
        0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.Epsilon, -float.Epsilon,
        1e-40f, -1e-40f, 1.17549435e-38f, -1.17549435e-38f, 1e-20f, -1e-20f,
        0.625f, -0.625f, BitConverter.Int32BitsToSingle(0x3F1FFFFF), -BitConverter.Int32BitsToSingle(0x3F1FFFFF),
        9f, -9f, 9.02f, -9.02f, 10f, -10f, 20f, -20f, 44f, -44f,
        87.3f, -87.3f, 87.31f, -87.31f, 88f, -88f, 88.72f, -88.72f, 88.7228f, 88.73f, 89f, -89f, 100f, -100f,
        -103.9f, -103.97f, -103.98f, -104f, -110f, 1e30f, -1e30f, float.MaxValue, float.MinValue,
        0.5f, -0.5f, 1f, -1f, 2f, -2f, 3.5f, -3.5f,
    ];

    static float[] Points()
    {
        var xs = new List<float>();
        const int grid = 1 << 20;
        for (int i = 0; i <= grid; i++) xs.Add((float)(-10.0 + 20.0 * i / grid));
        const int logs = 1 << 15;
        for (int i = 0; i < logs; i++)
        {
            float m = (float)Math.Pow(10, -30.0 + 30.0 * i / (logs - 1));
            xs.Add(m); xs.Add(-m);
        }
        const int wide = 1 << 14;
        for (int i = 0; i <= wide; i++) xs.Add((float)(-104.0 + 193.0 * i / wide));
        xs.AddRange(Edges);
        while (xs.Count % Lanes512 != 0) xs.Add(1f);
        return [.. xs];
    }

    static readonly float[] X = Points();

    static readonly (string Name, Func<double, double> Reference, int MaxUlps)[] Functions =
    [
        ("exp", Math.Exp, 2),
        ("tanh", Math.Tanh, 4),
        ("sigmoid", x => 1 / (1 + Math.Exp(-x)), 4),
    ];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var f in Functions)
            foreach (int lanes in new[] { 4, 8, 16 }) data.Add(f.Name, lanes);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void WithinUlpBoundOfTheDoublePrecisionDefinition(string name, int lanes)
    {
        var f = Functions.Single(g => g.Name == name);
        foreach (bool poison in new[] { false, true })
        {
            float[] x = (float[])X.Clone();
            if (poison) for (int i = 0; i < x.Length; i += lanes) x[i] = float.NaN;
            float[] y = Apply(name, lanes, x);
            long worst = 0;
            float worstX = 0, worstY = 0, worstR = 0;
            for (int i = 0; i < x.Length; i++)
            {
                float r = (float)f.Reference(x[i]);
                long u = Ulps(y[i], r);
                if (u > worst) (worst, worstX, worstY, worstR) = (u, x[i], y[i], r);
            }
            string at = FormattableString.Invariant($"{name} width {lanes} lanes{(poison ? " (wide exp path)" : "")}: max {worst} ulp at x = {worstX:R} (got {worstY:R}, want {worstR:R})");
            output.WriteLine(at);
            Assert.True(worst <= f.MaxUlps, at);
        }
    }

    [Fact]
    public void SignsAndSpecialValuesAreExact()
    {
        foreach (int lanes in new[] { 4, 8, 16 })
        {
            float[] y = Apply("tanh", lanes, Pad([-0f, 0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity]));
            Assert.True(float.IsNegative(y[0]) && y[0] == 0, $"tanh(-0) at {lanes} lanes");
            Assert.True(!float.IsNegative(y[1]) && y[1] == 0, $"tanh(+0) at {lanes} lanes");
            Assert.True(float.IsNaN(y[2]) && y[3] == 1 && y[4] == -1, $"tanh(NaN, +inf, -inf) at {lanes} lanes");

            y = Apply("sigmoid", lanes, Pad([float.NegativeInfinity, float.PositiveInfinity, float.NaN, -0f]));
            Assert.True(y[0] == 0 && y[1] == 1 && float.IsNaN(y[2]) && y[3] == 0.5f, $"sigmoid(-inf, +inf, NaN, -0) at {lanes} lanes");

            y = Apply("exp", lanes, Pad([float.NegativeInfinity, float.PositiveInfinity, float.NaN, 0f, 89f, -104f]));
            Assert.True(y[0] == 0 && float.IsPositiveInfinity(y[1]) && float.IsNaN(y[2]) && y[3] == 1, $"exp(-inf, +inf, NaN, 0) at {lanes} lanes");
            Assert.True(float.IsPositiveInfinity(y[4]) && y[5] == 0 && !float.IsNegative(y[5]), $"exp(89) = inf, exp(-104) = +0 at {lanes} lanes");
        }
    }

    static float[] Pad(float[] x)
    {
        var p = new float[Lanes512];
        x.CopyTo(p, 0);
        return p;
    }

    static float[] Apply(string name, int lanes, float[] x)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i += lanes)
        {
            if (lanes == 4)
            {
                var v = Vector128.Create(x, i);
                (name switch { "exp" => SingleMath.Exp(v), "tanh" => SingleMath.Tanh(v), _ => SingleMath.Sigmoid(v) }).CopyTo(y, i);
            }
            else if (lanes == 8)
            {
                var v = Vector256.Create(x, i);
                (name switch { "exp" => SingleMath.Exp(v), "tanh" => SingleMath.Tanh(v), _ => SingleMath.Sigmoid(v) }).CopyTo(y, i);
            }
            else
            {
                var v = Vector512.Create(x, i);
                (name switch { "exp" => SingleMath.Exp(v), "tanh" => SingleMath.Tanh(v), _ => SingleMath.Sigmoid(v) }).CopyTo(y, i);
            }
        }
        return y;
    }

    /// <summary>Distance in ulps between f and r; NaN matches only NaN, and a zero must carry r's sign.</summary>
    static long Ulps(float f, float r)
    {
        if (float.IsNaN(f) || float.IsNaN(r)) return float.IsNaN(f) && float.IsNaN(r) ? 0 : long.MaxValue;
        if (f == r) return f == 0 && float.IsNegative(f) != float.IsNegative(r) ? long.MaxValue : 0;
        if (float.IsInfinity(f) || float.IsInfinity(r)) return long.MaxValue;
        return Math.Abs(Ordered(f) - Ordered(r));
    }

    // The float's position on the number line: -0 and +0 map to 0, neighbours differ by 1.
    static long Ordered(float v)
    {
        int b = BitConverter.SingleToInt32Bits(v);
        return b >= 0 ? b : (long)int.MinValue - b;
    }
}
