using System.Runtime.CompilerServices;

namespace Tdlab.Cli.Tests;

/// <summary>
/// A test that needs a Slurm cluster: skipped when none answers here, with the reason in its skip message and in its
/// display name (dotnet test's console lists skipped tests by name only), so a skip is never mistaken for a pass.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute([CallerMemberName] string test = "")
    {
        if (SlurmCluster.NotUp is not { } why)
            return;
        Skip = $"Slurm is not up on this machine ({why}); .ci/slurm-up.sh starts a one-node cluster";
        DisplayName = $"{test} [skipped: {Skip}]";
    }
}
