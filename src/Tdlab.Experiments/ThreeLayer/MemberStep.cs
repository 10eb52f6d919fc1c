namespace Tdlab.Experiments.ThreeLayer;

/// <summary>One SGD step of ensemble member <paramref name="member"/> on a minibatch x (B, d), y (B); returns the batch loss 1/2 sum (y - f)^2.</summary>
public delegate double MemberStep(int member, ReadOnlySpan<double> x, ReadOnlySpan<double> y);
