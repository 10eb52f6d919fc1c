namespace Tdlab.Nn.Projected;

/// <summary>Which parts of a projected ReLU net an SGD step updates.</summary>
[Flags]
public enum ProjectedReluParts
{
    None = 0,

    /// <summary>The projection W (w for k = 1).</summary>
    Projection = 1,

    /// <summary>The 1-D learner g_theta: U, b and v.</summary>
    Learner = 2,

    All = Projection | Learner,
}
