using Tdlab.Nn;
using Tdlab.Probes.GaussNewton;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests.GaussNewton;

/// <summary>
/// The matrix-free Gauss-Newton product and its spectrum against the dense G = (1/B) sum_b J_b^T H_b J_b built
/// from explicit Jacobians (one backward per output entry), in float64 on a tanh MLP 3 -> 4 -> 4 -> 3 whose
/// hidden-layer weights and biases are theta (P = 12 + 4 + 16 + 4 = 36), seed 004 eqs. 6-12 and 26-31.
/// </summary>
public class GaussNewtonProductTests
{
    private const int In = 3, Hidden = 4, Out = 3, Batch = 5;

    private sealed record Problem(Sequential<double> Net, Tensor<double> X, Tensor<double>[] Theta)
    {
        public Func<Tensor<double>> Outputs => () => Net.Forward(X);

        public int P => Theta.Sum(t => t.Length);
    }

    private static Problem Build(ulong seed)
    {
        var rng = new Rng(seed, "net");
        var net = Mlp.Build<double>(In, [Hidden, Hidden], Out, Members.Single(rng), Activation.Tanh,
            init: new LayerInit(Init.Normal(1.5), Init.Normal(0.3)));
        var x = Tensor.Normal<double>(new Rng(seed, "x"), new Shape(Batch, In));
        var linears = net.Layers.OfType<Linear<double>>().ToArray();
        Tensor<double>[] theta = [linears[0].Weight, linears[0].Bias!, linears[1].Weight, linears[1].Bias!];   // hidden layers only
        return new Problem(net, x, theta);
    }

    private static double[] DenseG(Problem problem, OutputLoss loss) => DenseGaussNewton.Build(problem.Outputs, problem.Theta, loss);

    private static double RelativeError(double[] a, double[] b)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }

        return Math.Sqrt(num / den);
    }

    private static double[] Times(double[] m, double[] v, int n)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) y[i] += m[i * n + j] * v[j];
        return y;
    }

    [Theory]
    [InlineData(OutputLoss.MeanSquare)]
    [InlineData(OutputLoss.SoftmaxCrossEntropy)]
    public void Product_equals_the_dense_matrix_built_from_explicit_jacobians(OutputLoss loss)
    {
        var problem = Build(1);
        var dense = DenseG(problem, loss);
        var g = new GaussNewtonProduct<double>(problem.Outputs, problem.Theta, loss);
        Assert.Equal(36, g.Dimension);
        for (int trial = 0; trial < 3; trial++)
        {
            var v = new double[g.Dimension];
            new Rng(2, $"v/{trial}").Normal<double>(v, 0.0, 1.0);
            var gv = new double[g.Dimension];
            g.Apply(v, gv);
            double err = RelativeError(gv, Times(dense, v, g.Dimension));
            Assert.True(err <= 1e-8, $"{loss}: relative error {err:E2}");
        }
    }

    [Theory]
    [InlineData(OutputLoss.MeanSquare)]
    [InlineData(OutputLoss.SoftmaxCrossEntropy)]
    public void Lanczos_and_block_products_match_the_dense_spectrum(OutputLoss loss)
    {
        var problem = Build(3);
        var dense = DenseG(problem, loss);
        int p = problem.P;
        var g = new GaussNewtonProduct<double>(problem.Outputs, problem.Theta, loss);
        var spectrum = FisherSpectrum.Of(g, new Rng(4, "lanczos"), iterations: p);
        double top = SymmetricEigen.Values(dense, p)[^1];
        Assert.True(Math.Abs(spectrum.LambdaMax - top) <= 1e-8 * top, $"lambda_max {spectrum.LambdaMax:R} vs dense {top:R}");

        for (int a = 0; a < g.BlockCount; a++)
        {
            int o = g.BlockOffset(a), n = g.BlockSize(a);
            var block = Block(dense, p, o, n, o, n);
            double blockTop = SymmetricEigen.Values(block, n)[^1];
            Assert.True(Math.Abs(spectrum.BlockLambdaMax[a] - blockTop) <= 1e-8 * blockTop, $"block {a}");
            var v = new double[n];
            new Rng(5, $"v/{a}").Normal<double>(v, 0.0, 1.0);
            var gv = new double[n];
            g.ApplyBlock(a, v, gv);
            Assert.True(RelativeError(gv, Times(block, v, n)) <= 1e-8, $"block {a} product");
        }
    }

    /// <summary>
    /// Eqs. 26-27: every eigenvalue of the dense G lies in a disk centred on an eigenvalue of some G_ii with radius
    /// sum_{j != i} ||G_ij||; then lambda_max(G) &lt;= max_i (lambda_max(G_ii) + sum_j ||G_ij||) &lt;= the bound of
    /// eq. 31 from the diagonal blocks alone.
    /// </summary>
    [Theory]
    [InlineData(OutputLoss.MeanSquare)]
    [InlineData(OutputLoss.SoftmaxCrossEntropy)]
    public void Block_gershgorin_disks_contain_the_dense_spectrum_and_bound_lambda_max(OutputLoss loss)
    {
        var problem = Build(6);
        var dense = DenseG(problem, loss);
        int p = problem.P;
        var g = new GaussNewtonProduct<double>(problem.Outputs, problem.Theta, loss);
        int k = g.BlockCount;
        var centres = new double[k][];
        var radii = new double[k];
        for (int i = 0; i < k; i++)
        {
            int oi = g.BlockOffset(i), ni = g.BlockSize(i);
            centres[i] = SymmetricEigen.Values(Block(dense, p, oi, ni, oi, ni), ni);
            for (int j = 0; j < k; j++)
                if (j != i) radii[i] += Svd.SingularValues(Block(dense, p, oi, ni, g.BlockOffset(j), g.BlockSize(j)), ni, g.BlockSize(j))[0];
        }

        const double slack = 1e-12;
        foreach (double lambda in SymmetricEigen.Values(dense, p))
            Assert.True(Enumerable.Range(0, k).Any(i => centres[i].Any(c => Math.Abs(lambda - c) <= radii[i] + slack)),
                $"eigenvalue {lambda:R} is in no disk");

        double top = SymmetricEigen.Values(dense, p)[^1];
        double disks = Enumerable.Range(0, k).Max(i => centres[i][^1] + radii[i]);
        var spectrum = FisherSpectrum.Of(g, new Rng(7, "lanczos"), iterations: p);
        Assert.True(top <= disks + slack, $"lambda_max {top} above the disk bound {disks}");
        Assert.True(disks <= spectrum.GershgorinBound * (1 + 1e-10), $"disk bound {disks} above eq. 31's {spectrum.GershgorinBound}");
        Assert.True(spectrum.BlockDiagonalLambdaMax <= top * (1 + 1e-10), "a diagonal block's lambda_max exceeds G's");
    }

    /// <summary>Rows [r0, r0 + m) and columns [c0, c0 + n) of the (p, p) matrix a.</summary>
    private static double[] Block(double[] a, int p, int r0, int m, int c0, int n)
    {
        var b = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) b[i * n + j] = a[(r0 + i) * p + c0 + j];
        return b;
    }
}
