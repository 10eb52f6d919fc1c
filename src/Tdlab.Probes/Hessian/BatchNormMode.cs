namespace Tdlab.Probes.Hessian;

/// <summary>
/// Which function of the parameters a curvature probe differentiates when the model holds batch
/// normalisation: <see cref="Train"/> normalises with the probe batch's own statistics (the function gradient
/// descent sees), <see cref="Eval"/> with the running statistics (a different, per-example function).
/// PyHessian silently uses eval mode; here the caller says which.
/// </summary>
public enum BatchNormMode
{
    Train,
    Eval,
}
