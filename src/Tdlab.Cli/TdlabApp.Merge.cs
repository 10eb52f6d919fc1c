using System.CommandLine;
using Tdlab.Lab.Store;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command MergeCommand()
    {
        var outDir = new Argument<string>("out") { Description = "the folder of the merged store (a store already there is merged too)" };
        var sources = new Argument<string[]>("stores")
        {
            Description = "output folders of the shards (each with a runs.db)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("merge", "merge the stores of a sharded sweep into one; then 'report --out OUT' as after a local run")
        {
            outDir, sources,
        };
        command.SetAction(p =>
        {
            string target = p.GetValue(outDir)!;
            MergeSummary m = StoreMerge.Merge(target, p.GetValue(sources)!);
            output.WriteLine($"merged {m.Runs} runs ({m.Duplicates} duplicates kept once), {m.Sweeps} sweeps and {m.ArrayFiles} array files " +
                             $"into {Path.Combine(Path.GetFullPath(target), "runs.db")}");
            return Ok;
        });
        return command;
    }
}
