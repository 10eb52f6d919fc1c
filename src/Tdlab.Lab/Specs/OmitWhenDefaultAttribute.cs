namespace Tdlab.Lab.Specs;

/// <summary>
/// A run setting added after runs were stored: left out of the run's canonical JSON (its identity) while it
/// equals its default, so every stored run keeps its id and resumes (open_lth's hparams do the same). The
/// default is the value a new instance of the declaring record has (it needs a parameterless constructor).
/// Mark every setting added from Lab v2 on; the settings older stores were written with stay unmarked.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OmitWhenDefaultAttribute : Attribute;
