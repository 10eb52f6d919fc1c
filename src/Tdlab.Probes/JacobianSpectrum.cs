using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;

namespace Tdlab.Probes;

/// <summary>
/// All singular values s_i of input-output Jacobians J = df/dx (pooled over the inputs they were taken at),
/// descending, with the summaries of dynamical isometry (Pennington, Schoenholz and Ganguli 2017):
/// the mean squared singular value (1/N) tr(J^T J) (chi^L at a critical initialisation), s_max, s_min,
/// the condition number s_max / s_min, and quantiles. Isometry means every s_i = 1.
/// </summary>
public sealed record JacobianSpectrum(double[] SingularValues)
{
    /// <summary>Relative size below which a singular value counts as zero: s &lt;= ZeroTolerance * s_max.</summary>
    public const double ZeroTolerance = 1e-10;

    public int Count => SingularValues.Length;

    /// <summary>(1/N) sum s_i^2.</summary>
    public double MeanSquared => Count == 0 ? double.NaN : SingularValues.Sum(s => s * s) / Count;

    public double Max => Count == 0 ? double.NaN : SingularValues[0];

    public double Min => Count == 0 ? double.NaN : SingularValues[^1];

    /// <summary>s_max / s_min (infinite when J is singular).</summary>
    public double ConditionNumber => Max / Min;

    /// <summary>max_i |s_i - 1|: the distance from isometry.</summary>
    public double IsometryError => Count == 0 ? double.NaN : Math.Max(Math.Abs(Max - 1), Math.Abs(Min - 1));

    /// <summary>The singular values above <see cref="ZeroTolerance"/> * s_max, descending.</summary>
    public double[] NonZero => SingularValues.Where(s => s > ZeroTolerance * Max).ToArray();

    /// <summary>
    /// Fraction of singular values at most <see cref="ZeroTolerance"/> * s_max: exact zeros (relu Jacobians are
    /// rank-deficient) and values too small to tell from them (deep Gaussian products spread over many decades).
    /// </summary>
    public double ZeroFraction => Count == 0 ? double.NaN : 1.0 - NonZero.Length / (double)Count;

    /// <summary>The p-quantile (0 &lt;= p &lt;= 1) of all singular values, linear interpolation between order statistics.</summary>
    public double Quantile(double p) => QuantileOf(SingularValues, p);

    /// <summary>The p-quantile of the non-zero singular values.</summary>
    public double NonZeroQuantile(double p) => QuantileOf(NonZero, p);

    /// <summary>Spread of the non-zero part: its 95% quantile over its 5% quantile (1 for an isometry).</summary>
    public double Spread => NonZeroQuantile(0.95) / NonZeroQuantile(0.05);

    /// <summary>Singular values of a dense (m, n) Jacobian (Golub-Kahan SVD in double). Cost O(m n min(m, n)).</summary>
    public static JacobianSpectrum Of<T>(Tensor<T> jacobian) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(jacobian);
        if (jacobian.Rank != 2) throw new ArgumentException($"JacobianSpectrum.Of: needs an (m, n) matrix, got {jacobian.Shape}");
        return new JacobianSpectrum(Svd.SingularValues(jacobian.ToDoubleArray(), jacobian.Shape[0], jacobian.Shape[1]));
    }

    /// <summary>The spectra pooled into one, descending.</summary>
    public static JacobianSpectrum Pool(IEnumerable<JacobianSpectrum> spectra) =>
        new(spectra.SelectMany(s => s.SingularValues).OrderDescending().ToArray());

    /// <summary>
    /// Pooled spectrum of the Jacobians of the first <paramref name="layers"/> children of an MLP at every row
    /// of <paramref name="inputs"/> (B, n), each by <see cref="InputJacobian.OfMlp{T}"/>.
    /// Cost: B Jacobian products and B SVDs.
    /// </summary>
    public static JacobianSpectrum OfMlp<T>(Sequential<T> model, Tensor<T> inputs, int? layers = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rank != 2) throw new ArgumentException($"JacobianSpectrum.OfMlp: inputs must be (B, n), got {inputs.Shape}");
        return Pool(Enumerable.Range(0, inputs.Shape[0]).Select(b => Of(InputJacobian.OfMlp(model, inputs.SliceRows(b, 1), layers))));
    }

    private static double QuantileOf(double[] descending, double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "JacobianSpectrum.Quantile: p must be in [0, 1]");
        if (descending.Length == 0) return double.NaN;
        double pos = (1 - p) * (descending.Length - 1);   // descending order: p = 1 is index 0
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return descending[lo] + (descending[hi] - descending[lo]) * (pos - lo);
    }
}
