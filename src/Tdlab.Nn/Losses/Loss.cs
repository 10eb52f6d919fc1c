using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>
/// Training losses, averaged over the batch. A prediction of rank 3, (E, B, k), is an ensemble's: the
/// loss is then the vector (E) of per-member losses, each averaged over its own batch only; call
/// <c>.Sum()</c> before Backward so that each member's gradient is exactly its own. Targets may be
/// shared by all members ((B, k), broadcast) or per member ((E, B, k)).
/// </summary>
public static partial class Loss
{
    /// <summary>Mean squared error mean((f - y)^2) over batch and outputs (PyTorch's MSELoss).</summary>
    public static Tensor<T> Mse<T>(Tensor<T> prediction, Tensor<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTarget("Mse", prediction, target);
        return Average((prediction - target).Square());
    }

    /// <summary>Logistic loss mean(log(1 + exp(-y f))) for labels y in {-1, +1} (softplus(-y f), stable for large |f|).</summary>
    public static Tensor<T> Logistic<T>(Tensor<T> f, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTarget("Logistic", f, y);
        return Average((-(f * y)).Softplus(T.One));
    }

    /// <summary>Exponential loss mean(exp(-y f)) for y in {-1, +1} (as in implicit-bias studies, Soudry et al. 2018).</summary>
    public static Tensor<T> Exponential<T>(Tensor<T> f, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTarget("Exponential", f, y);
        return Average((-(f * y)).Exp());
    }

    /// <summary>Soft hinge mean(softplus_beta(1 - f y)) = mean(log(1 + exp(beta (1 - f y))) / beta); hinge as beta -> inf.</summary>
    public static Tensor<T> SoftHinge<T>(Tensor<T> f, Tensor<T> y, double beta = 1.0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTarget("SoftHinge", f, y);
        return Average((T.One - f * y).Softplus(T.CreateTruncating(beta)));
    }

    /// <summary>Scalar mean for rank &lt;= 2; per-member means (E) for rank 3.</summary>
    private static Tensor<T> Average<T>(Tensor<T> elementwise) where T : unmanaged, IFloatingPointIeee754<T> =>
        elementwise.Rank == 3 ? elementwise.Reshape(elementwise.Shape[0], -1).Mean(1) : elementwise.Mean();

    private static void CheckTarget<T>(string loss, Tensor<T> prediction, Tensor<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool shared = prediction.Rank == 3 && target.Rank == 2 && target.Shape[0] == prediction.Shape[1] && target.Shape[1] == prediction.Shape[2];
        if (target.Shape != prediction.Shape && !shared)
            throw new ArgumentException($"Loss.{loss}: target shape {target.Shape} does not match prediction shape {prediction.Shape}");
    }
}
