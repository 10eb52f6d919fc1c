using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// One run: SGD with <see cref="BatchSize"/> examples per step (0: the full batch) to the target training loss; or, with
/// <see cref="Classes"/> &gt; 0, the outlier sub-study on C classes; or, with a <see cref="Method"/>, one optimiser of the
/// second-order sub-study. The two new fields are left out of the identity at their defaults, so batch runs keep their ids.
/// </summary>
public sealed record SharpnessRun : SharpnessSettings
{
    public SharpnessRun(SharpnessSettings settings) : base(settings)
    {
    }

    /// <summary>For [OmitWhenDefault]'s defaults.</summary>
    private SharpnessRun()
    {
    }

    public int BatchSize { get; init; }

    /// <summary>Outlier sub-study: the number of classes C (0: not this sub-study).</summary>
    [OmitWhenDefault]
    public int Classes { get; init; }

    /// <summary>Second-order sub-study: the optimiser (None: not this sub-study).</summary>
    [OmitWhenDefault]
    public OptimizerMethod Method { get; init; }

    /// <summary>The batch actually used: the full training subset when BatchSize is 0 or larger than it.</summary>
    public int EffectiveBatch => BatchSize == 0 || BatchSize > Examples ? Examples : BatchSize;

    /// <summary>Which sub-study the run belongs to.</summary>
    public SharpnessStudy Study => Classes > 0 ? SharpnessStudy.Outliers : Method != OptimizerMethod.None ? SharpnessStudy.SecondOrder : SharpnessStudy.BatchSize;
}
