using Tdlab.Experiments.Common;
using Tdlab.Experiments.Isometry;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>
/// The sweep of critical-manifolds (seed 004): at initialisation, tanh nets at every q* of <see cref="QStars"/> with
/// every init, and deep linear orthogonal nets with the input scaling of q* = <see cref="LinearQStar"/>; training, each
/// weight geometry of <see cref="Geometries"/> at each q* of <see cref="TrainQStars"/> (orthogonal start).
/// </summary>
public sealed record CriticalManifoldsConfig : CriticalManifoldsSettings
{
    /// <summary>The q* grid at initialisation: 6 points logarithmic in [9e-4, 0.5] and 1/64.</summary>
    [NotEmpty]
    [Positive]
    public double[] QStars { get; init; } = [.. Grids.LogSpace(9e-4, 0.5, 6).Append(1.0 / 64).Order()];

    public WeightInit[] Inits { get; init; } = [WeightInit.Gaussian, WeightInit.Orthogonal];

    /// <summary>Input scaling of the deep linear isometric nets (the seed's "scheme applied to critical, non-linear networks with q* = 1/64"); 0: none.</summary>
    [NonNegative]
    public double LinearQStar { get; init; } = 1.0 / 64;

    /// <summary>q* of the training comparison (the seed's 1/64 and about 9e-4).</summary>
    [Positive]
    public double[] TrainQStars { get; init; } = [1.0 / 64, 9e-4];

    /// <summary>Hidden width of the trained nets; 0: width (the nets at initialisation). The full preset trains narrower nets than it probes at initialisation (cost).</summary>
    [NonNegative]
    public int TrainWidth { get; init; }

    /// <summary>Hidden layers of the trained nets; 0: depth.</summary>
    [NonNegative]
    public int TrainDepth { get; init; }

    public WeightGeometry[] Geometries { get; init; } = [WeightGeometry.Euclidean, WeightGeometry.Stiefel, WeightGeometry.Oblique];

    /// <summary>The trained Stiefel nets' (learning-rate, manifold-learning-rate); empty: the shared learning-rate and manifold-learning-rate.</summary>
    [Positive]
    public double[] StiefelRates { get; init; } = [];

    /// <summary>The trained Oblique nets' (learning-rate, manifold-learning-rate); empty: the shared ones.</summary>
    [Positive]
    public double[] ObliqueRates { get; init; } = [];

    /// <summary>(Adam's rate for the Euclidean parameters, Riemannian Adam's rate for the manifold matrices) of a trained net of geometry g.</summary>
    public (double LearningRate, double ManifoldLearningRate) RatesOf(WeightGeometry g) => g switch
    {
        WeightGeometry.Stiefel when StiefelRates.Length == 2 => (StiefelRates[0], StiefelRates[1]),
        WeightGeometry.Oblique when ObliqueRates.Length == 2 => (ObliqueRates[0], ObliqueRates[1]),
        WeightGeometry.Euclidean => (LearningRate, 0),
        _ => (LearningRate, ManifoldLearningRate),
    };

    /// <summary>
    /// q* of the non-Gaussianity study (section 3.4.1: the seed's Figure 5 is at 1/64): a net of each init at
    /// initialisation, its last hidden layer's pre-activations over the train-size training images; 0: none (the default,
    /// so that a sweep stored before the study replans to the runs it had; both presets set 1/64).
    /// </summary>
    [NonNegative]
    public double ProjectionQStar { get; init; }
}
