namespace Tdlab.Experiments.SharpMinima;

/// <summary>The optimisers of the second-order sub-study (None: a run of another sub-study).</summary>
public enum OptimizerMethod
{
    None,

    /// <summary>Full-batch gradient descent with step 1 / lambda_max(H) at the initial point.</summary>
    Gd,

    /// <summary>Full-batch Adam.</summary>
    Adam,

    /// <summary>Damped Gauss-Newton: (G + mu I) d = -g by conjugate gradients on exact G products, Levenberg-Marquardt mu.</summary>
    GaussNewton,

    /// <summary>Damped Newton: (H + mu I) d = -g by truncated conjugate gradients on exact HVPs, Levenberg-Marquardt mu.</summary>
    Newton,
}
