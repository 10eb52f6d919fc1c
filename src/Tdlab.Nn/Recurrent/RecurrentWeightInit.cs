namespace Tdlab.Nn.Recurrent;

/// <summary>How the recurrent (hidden-to-hidden) weight blocks are drawn; see <see cref="RecurrentInit"/>.</summary>
public enum RecurrentWeightInit
{
    /// <summary>PyTorch's default for every parameter of the cell: U(-1/sqrt(H), 1/sqrt(H)); the scales are ignored.</summary>
    Uniform,

    /// <summary>W_ij ~ N(0, sigma_w^2 / H).</summary>
    Gaussian,

    /// <summary>W = sigma_w * Q with Q Haar-distributed orthogonal (QR of a Gaussian matrix with sign correction).</summary>
    Orthogonal,
}
