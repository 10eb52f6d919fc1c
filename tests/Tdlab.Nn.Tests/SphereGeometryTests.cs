using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// The unit-sphere geometry and the optimisers stepping in it: Rayleigh-quotient minimisation
/// min_{||w|| = 1} w^T A w, whose value is the smallest eigenvalue lambda_min of the symmetric A and whose
/// minimiser is its eigenvector (checked against the dense <see cref="SymmetricEigen"/>), in float64.
/// </summary>
public class SphereGeometryTests
{
    private const int N = 6;

    /// <summary>A = (B + B^T) / 2 with B_ij ~ N(0, 1/N), (N, N) row-major.</summary>
    private static double[] Symmetric(ulong seed)
    {
        var b = new double[N * N];
        new Rng(seed, "A").Normal<double>(b, 0.0, 1.0 / Math.Sqrt(N));
        var a = new double[N * N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                a[i * N + j] = 0.5 * (b[i * N + j] + b[j * N + i]);
        return a;
    }

    /// <summary>A random unit vector w (N) as a trainable parameter.</summary>
    private static Tensor<double> UnitStart(ulong seed)
    {
        var w = new double[N];
        new Rng(seed, "w0").Normal<double>(w, 0.0, 1.0);
        var t = Tensor.From(w, N);
        ParameterGeometry<double>.Sphere.ProjectPoint(t.Shape, t.Span);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Rayleigh quotient f(w) = w^T A w (gradient 2 A w) on the tape.</summary>
    private static Tensor<double> Rayleigh(Tensor<double> a, Tensor<double> w) => a.MatMul(w.Reshape(N, 1)).Reshape(N).Dot(w);

    /// <summary>
    /// Runs the optimiser for the given steps; after every step checks ||w|| = 1 to 1e-12 and calls check.
    /// Returns f(w) at the end.
    /// </summary>
    private static double Minimise(double[] aValues, Tensor<double> w, Optimizer<double> opt, int steps, Action<Tensor<double>>? check = null)
    {
        var a = Tensor.From(aValues, N, N);
        for (int t = 0; t < steps; t++)
        {
            opt.ZeroGrad();
            Rayleigh(a, w).Backward();
            opt.Step();
            double norm = Math.Sqrt(w.ToArray().Sum(x => x * x));
            Assert.True(Math.Abs(norm - 1) <= 1e-12, $"step {t + 1}: ||w|| = {norm:R}");
            check?.Invoke(w);
        }

        return Rayleigh(a, w).ItemDouble();
    }

    private static ParamGroup<double>[] OnSphere(Tensor<double> w, double lr) =>
        [new ParamGroup<double>([w], lr) { Geometry = ParameterGeometry<double>.Sphere }];

    private static void AssertEigenvector(EigenDecomposition evd, Tensor<double> w)
    {
        double overlap = Math.Abs(evd.Vector(0).Zip(w.ToArray(), (u, x) => u * x).Sum());
        Assert.True(1 - overlap <= 1e-10, $"|<u_min, w>| = {overlap:R}");
    }

    [Fact]
    public void Projection_gives_a_tangent_vector_and_is_idempotent()
    {
        var w = UnitStart(1);
        var g = new double[N];
        new Rng(2, "g").Normal<double>(g, 0.0, 1.0);
        var sphere = ParameterGeometry<double>.Sphere;
        var pg = sphere.ProjectGradient(w.Shape, w.Span, g, new double[N]).ToArray();
        Assert.True(Math.Abs(pg.Zip(w.ToArray(), (a, b) => a * b).Sum()) <= 1e-15, "<Pg, w> != 0");
        var ppg = sphere.ProjectGradient(w.Shape, w.Span, pg, new double[N]).ToArray();
        for (int i = 0; i < N; i++) Assert.Equal(pg[i], ppg[i], 1e-15);

        // Euclidean: the gradient itself, no copy
        Assert.True(ParameterGeometry<double>.Euclidean.ProjectGradient(w.Shape, w.Span, g, new double[N]) == g);
    }

    /// <summary>
    /// Minimises the Rayleigh quotient of A(seed) from w0(seed + 1) with the optimiser make(w) builds; asserts
    /// f = lambda_min to 1e-12 and w = +-u_min at the end (and ||w|| = 1 after every step).
    /// </summary>
    private static void AssertFindsTheSmallestEigenpair(ulong seed, Func<Tensor<double>, Optimizer<double>> make, int steps,
        Func<Optimizer<double>, Action<Tensor<double>>>? check = null)
    {
        var a = Symmetric(seed);
        var evd = SymmetricEigen.Decompose(a, N);
        var w = UnitStart(seed + 1);
        var opt = make(w);
        Assert.Equal(evd.Values[0], Minimise(a, w, opt, steps, check?.Invoke(opt)), 1e-12);
        AssertEigenvector(evd, w);
    }

    [Fact]
    public void Riemannian_sgd_keeps_unit_norm_and_reaches_the_smallest_eigenvalue() =>
        AssertFindsTheSmallestEigenpair(3, w => new Sgd<double>(OnSphere(w, 0.2)), 600);

    [Fact]
    public void Momentum_is_transported_and_stays_tangent() =>
        AssertFindsTheSmallestEigenpair(5, w => new Sgd<double>(OnSphere(w, 0.05), momentum: 0.8, nesterov: true), 600, opt => x =>
        {
            double dot = ((Sgd<double>)opt).Velocity(x).ToArray().Zip(x.ToArray(), (v, y) => v * y).Sum();
            Assert.True(Math.Abs(dot) <= 1e-14, $"<v, w> = {dot:R}: velocity left the tangent space");
        });

    [Fact]
    public void Riemannian_adam_keeps_unit_norm_and_approaches_the_smallest_eigenvalue()
    {
        var a = Symmetric(7);
        var evd = SymmetricEigen.Decompose(a, N);
        var w = UnitStart(8);
        double f = Minimise(a, w, new Adam<double>(OnSphere(w, 0.01)), 1500);
        Assert.True(f - evd.Values[0] is >= 0 and <= 1e-4, $"f = {f:R}, lambda_min = {evd.Values[0]:R}");
    }

    [Fact]
    public void Each_ensemble_member_lives_on_its_own_sphere_with_its_member_shape()
    {
        // W (3, 2, 2): three members, each a (2, 2) slice flattened onto S^3, each with its own rate
        var w = Tensor.From(Enumerable.Range(1, 12).Select(i => (double)i).ToArray(), 3, 2, 2);
        var recorder = new Recording();
        var group = new ParamGroup<double>([w], 0) { MemberLearningRates = [0.1, 0.2, 0.3], Geometry = recorder };
        for (int e = 0; e < 3; e++) recorder.ProjectPoint(new Shape(2, 2), w.Span.Slice(4 * e, 4));
        w.RequiresGrad = true;
        var opt = new Sgd<double>([group], momentum: 0.5);
        for (int t = 0; t < 5; t++)
        {
            opt.ZeroGrad();
            (w * w * w).Sum().Backward();
            opt.Step();
        }

        Assert.All(recorder.Shapes, s => Assert.Equal(new Shape(2, 2), s));
        Assert.Equal(3 * 5 * 3, recorder.Shapes.Count);          // project, retract, transport per member and step
        for (int e = 0; e < 3; e++)
            Assert.Equal(1.0, Math.Sqrt(w.ToArray().Skip(4 * e).Take(4).Sum(x => x * x)), 1e-12);
    }

    /// <summary>The sphere, recording the shape every hook is called with.</summary>
    private sealed class Recording : ParameterGeometry<double>
    {
        private readonly ParameterGeometry<double> _sphere = Sphere;

        public List<Shape> Shapes { get; } = [];

        public override string Name => "recording-sphere";

        public override void ProjectPoint(Shape shape, Span<double> w) => _sphere.ProjectPoint(shape, w);

        public override ReadOnlySpan<double> ProjectGradient(Shape shape, ReadOnlySpan<double> w, ReadOnlySpan<double> egrad, Span<double> buffer)
        {
            Shapes.Add(shape);
            return _sphere.ProjectGradient(shape, w, egrad, buffer);
        }

        public override void Retract(Shape shape, Span<double> w, ReadOnlySpan<double> d, double step)
        {
            Shapes.Add(shape);
            _sphere.Retract(shape, w, d, step);
        }

        public override void Transport(Shape shape, ReadOnlySpan<double> w, Span<double> v)
        {
            Shapes.Add(shape);
            _sphere.Transport(shape, w, v);
        }
    }
}
