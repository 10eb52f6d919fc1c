namespace Tdlab.Nn.Recurrent;

/// <summary>What a recurrent cell's parameter does, which decides its initialisation (<see cref="RecurrentInit"/>).</summary>
public enum ParameterRole
{
    /// <summary>Hidden-to-hidden gate blocks (H, H).</summary>
    Recurrent,

    /// <summary>Input-to-hidden gate blocks (H, fan_in).</summary>
    Input,

    /// <summary>A bias that is drawn N(0, sigma_b^2).</summary>
    Bias,

    /// <summary>A second bias (PyTorch's bias_hh) that is zero under the Gaussian/orthogonal conventions.</summary>
    SecondBias,
}
