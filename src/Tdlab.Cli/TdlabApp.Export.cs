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
            // Only a registered name becomes a path: a store is untrusted and may name an experiment "../../x".
            string name = Find(p.GetValue(experiment)!).Name;
            RunStore store = RunStore.OpenReadOnly(p.GetValue(outDir)!);
            if (!store.Experiments().Contains(name))
                throw new BadInputException($"no runs of '{name}' in {store.DbPath}");

            IReadOnlyList<string> files = p.GetValue(format) == "csv" ? StoreExport.Csv(store, name) : StoreExport.NumPy(store, name);
            foreach (string f in files)
                output.WriteLine(f);
            return Ok;
        });
        return command;
    }
}
