using System.Numerics;
using Tdlab.Experiments.Common;
using Tdlab.Nn;
using Tdlab.Tensors;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// One run's problem in precision T: the fixed subset (inputs X (n, d), one-hot targets Y (n, C), labels), the tanh MLP and
/// its parameters, and the loss L = 1/2 mean_i sum_c (f_ic - y_ic)^2 (Cohen et al.'s square loss).
/// </summary>
internal sealed class EosProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _y;
    private readonly T _half;

    public EosProblem(FixedSubset data, Module<T> model)
    {
        X = typeof(T) == typeof(double) ? (Tensor<T>)(object)data.X : data.X.Cast<T>();
        _y = typeof(T) == typeof(double) ? (Tensor<T>)(object)data.Y : data.Y.Cast<T>();
        Labels = data.Labels;
        Model = model;
        Parameters = model.Parameters().ToList();
        _half = T.CreateTruncating(data.Classes / 2.0);
    }

    public Tensor<T> X { get; }

    public int[] Labels { get; }

    public Module<T> Model { get; }

    public List<Tensor<T>> Parameters { get; }

    /// <summary>1/2 mean_i sum_c (f_ic - y_ic)^2 = (C/2) Mse(f, Y), Mse being the mean over all n C entries.</summary>
    public Tensor<T> LossOf(Tensor<T> f) => Nn.Loss.Mse(f, _y) * _half;
}
