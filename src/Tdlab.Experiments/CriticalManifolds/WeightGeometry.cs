namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>
/// Where a trained net's hidden weight matrices live (seed 004 sections 3.2-3.3): <see cref="Euclidean"/> (unconstrained,
/// W = sigma_w Q at the start, plain Adam), or an isotropic scale s times a matrix on the <see cref="Stiefel"/>
/// (orthonormal) or <see cref="Oblique"/> (unit-norm rows) manifold, the matrix trained by Riemannian Adam.
/// </summary>
public enum WeightGeometry
{
    Euclidean,
    Stiefel,
    Oblique,
}
