using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Common;

/// <summary>The floating-point type a family trains in. <see cref="None"/> ("") marks a run that does not train.</summary>
public enum Precision
{
    [SettingName("")]
    None,
    Float32,
    Float64,
}
