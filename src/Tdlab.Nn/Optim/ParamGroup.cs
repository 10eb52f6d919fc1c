using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// Parameters that share a learning rate and weight-decay options inside one optimiser.
/// For an ensemble, <see cref="MemberLearningRates"/> gives member e its own rate: every parameter of the
/// group must then have a leading member axis of that length, and slice e is updated with rate e.
/// <see cref="Geometry"/> is per group: parameters on a manifold go in a group of their own.
/// </summary>
public sealed class ParamGroup<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ParamGroup(IEnumerable<Tensor<T>> parameters, double learningRate)
    {
        Parameters = [.. parameters ?? throw new ArgumentNullException(nameof(parameters))];
        LearningRate = learningRate;
    }

    public IReadOnlyList<Tensor<T>> Parameters { get; }

    public double LearningRate { get; set; }

    /// <summary>L2 penalty lambda: the update uses g + lambda w (coupled to the adaptive scaling in Adam/RMSProp).</summary>
    public double WeightDecay { get; set; }

    /// <summary>Decoupled decay lambda (Loshchilov and Hutter 2019, AdamW): w &lt;- w - lr lambda w before the update.</summary>
    public double DecoupledWeightDecay { get; set; }

    /// <summary>Per-member learning rates for ensemble parameters (replaces <see cref="LearningRate"/>), or null.</summary>
    public double[]? MemberLearningRates { get; set; }

    /// <summary>
    /// The geometry every parameter of the group steps in (default <see cref="ParameterGeometry{T}.Euclidean"/>).
    /// It acts on each updated slice: a member's slice with per-member rates, else the whole tensor.
    /// </summary>
    public ParameterGeometry<T> Geometry { get; set; } = ParameterGeometry<T>.Euclidean;
}
