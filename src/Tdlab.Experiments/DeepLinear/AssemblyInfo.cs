using System.Runtime.CompilerServices;

// The family tests check the internal task builders and simulators (LinearTask, RandomNet) on exact tiny cases.
[assembly: InternalsVisibleTo("Tdlab.Experiments.Tests")]
