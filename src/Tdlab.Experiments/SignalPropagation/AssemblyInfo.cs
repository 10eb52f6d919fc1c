using System.Runtime.CompilerServices;

// The family tests check internal helpers (RandomNet, GaussianDraws, the claims' statistics). DeepLinear/AssemblyInfo.cs
// says the same while the Lab v2 port leaves that folder out of the build; the attribute may be given more than once.
[assembly: InternalsVisibleTo("Tdlab.Experiments.Tests")]
