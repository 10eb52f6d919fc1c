using Tdlab.Tensors.Linalg;

namespace Tdlab.Probes.Tests;

public class ModeStrengthsTests
{
    [Fact]
    public void StrengthsOfADecoupledNetworkAreTheProductsOfItsLayerStrengths()
    {
        // Sigma31 = U diag(3, 1) V^T with U = rotation by 30 degrees (2x2), V = I (2x2).
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var sigma31 = new[] { 3 * c, -1 * s, 3 * s, 1 * c };
        var svd = Svd.Decompose(sigma31, 2, 2);
        // W21 = diag(0.5, 0.2) V^T (hidden 2), W32 = U diag(0.4, 0.1): u = (0.2, 0.02), no coupling.
        var u = new[] { c, -s, s, c };
        var w21 = new[] { 0.5, 0, 0, 0.2 };
        var w32 = new[] { 0.4 * u[0], 0.1 * u[1], 0.4 * u[2], 0.1 * u[3] };
        var p = ModeStrengths.Measure([w21, w32], [2, 2, 2], svd);
        var signs = new[] { Math.Sign(svd.U[0] * u[0] + svd.U[2] * u[2]) * Math.Sign(svd.Vt[0]), Math.Sign(svd.U[1] * u[1] + svd.U[3] * u[3]) * Math.Sign(svd.Vt[3]) };
        Assert.Equal(0.2 * signs[0], p.Strengths[0], 12);
        Assert.Equal(0.02 * signs[1], p.Strengths[1], 12);
        Assert.Equal(0.0, p.OffDiagonal, 12);
    }

    [Fact]
    public void ProjectionOfSigma31ItselfGivesItsSingularValuesAndCouplingIsMeasured()
    {
        var a = new double[] { 1, 2, 0, -1, 3, 1 };   // (2, 3)
        var svd = Svd.Decompose(a, 2, 3);
        var p = ModeStrengths.Project(a, 2, 3, svd);
        Assert.Equal(svd.S[0], p.Strengths[0], 12);
        Assert.Equal(svd.S[1], p.Strengths[1], 12);
        Assert.Equal(0.0, p.OffDiagonal, 12);
        // A map that swaps the two modes: W = u_1 v_2^T has M[0, 1] = 1 only.
        var w = new double[6];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) w[i * 3 + j] = svd.U[i * 2] * svd.Vt[3 + j];
        var q = ModeStrengths.Project(w, 2, 3, svd);
        Assert.Equal(1.0, q.OffDiagonal, 12);
        Assert.Equal(1.0, q.Matrix[1], 12);
        Assert.Equal(0.0, q.Strengths[0], 12);
    }

    [Fact]
    public void EndToEndIsTheMatrixProductAndShapesAreChecked()
    {
        var w1 = new double[] { 1, 2, 3, 4, 5, 6 };   // (2, 3)
        var w2 = new double[] { 1, -1 };               // (1, 2)
        Assert.Equal([-3, -3, -3], ModeStrengths.EndToEnd([w1, w2], [3, 2, 1]));
        Assert.Contains("weights[1]", Assert.Throws<ArgumentException>(() => ModeStrengths.EndToEnd([w1, w1], [3, 2, 1])).Message);
    }
}
