namespace Tdlab.Experiments.SharpMinima;

/// <summary>The three sub-studies of sharpness.</summary>
public enum SharpnessStudy
{
    /// <summary>Small vs large batch to the same training loss (the original runs).</summary>
    BatchSize,

    /// <summary>The Hessian spectrum's outliers against the number of classes.</summary>
    Outliers,

    /// <summary>Newton and Gauss-Newton against GD and Adam; Adam's second moment against the Gauss-Newton diagonal.</summary>
    SecondOrder,
}
