using System.CommandLine;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command ListCommand()
    {
        var command = new Command("list", "the experiments, one line each");
        command.SetAction(_ =>
        {
            int width = Experiments.Select(e => e.Name.Length).DefaultIfEmpty(0).Max();
            foreach (var e in Experiments)
                output.WriteLine($"{e.Name.PadRight(width)}  {e.Title}  [{e.SeedReference}]");
            if (Experiments.Count == 0)
                output.WriteLine("(no experiments registered)");
            return Ok;
        });
        return command;
    }
}
