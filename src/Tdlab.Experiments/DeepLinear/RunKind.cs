namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// What a deep-linear run measures: <see cref="Decoupled"/> (mode strengths from decoupled initial conditions vs
/// theory) or the learning time from a random <see cref="Orthogonal"/> (Haar) or <see cref="Gaussian"/>
/// (N(0, 1/fan_in)) initialisation, or the mode strengths of a 3-layer net from a small random Gaussian init
/// (<see cref="RandomSmall"/>, Saxe et al.'s real test: the modes align, then follow u_f(t)).
/// </summary>
public enum RunKind
{
    Decoupled,
    Orthogonal,
    Gaussian,
    RandomSmall,
}
