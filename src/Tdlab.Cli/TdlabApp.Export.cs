using System.CommandLine;
using Tdlab.Lab;
using Tdlab.Lab.Store;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command ExportCommand()
    {
        var experiment = new Argument<string>("experiment") { Description = "an experiment in the store" };
        Option<string> outDir = OutOption();
        var format = new Option<string>("--format") { Description = "csv or npy", Required = true };
        format.AcceptOnlyFromAmong("csv", "npy");
        var command = new Command("export", "write an experiment's runs and metrics as CSV or .npy files") { experiment, outDir, format };
        command.SetAction(p =>
        {
            string name = p.GetValue(experiment)!;
            RunStore store = RunStore.OpenExisting(p.GetValue(outDir)!);
            if (!store.Experiments().Contains(name))
            {
                if (Experiments.All(e => e.Name != name))
                    Find(name);    // throws "unknown experiment"
                throw new BadInputException($"no runs of '{name}' in {store.DbPath}");
            }

            IReadOnlyList<string> files = p.GetValue(format) == "csv" ? StoreExport.Csv(store, name) : StoreExport.NumPy(store, name);
            foreach (string f in files)
                output.WriteLine(f);
            return Ok;
        });
        return command;
    }
}
