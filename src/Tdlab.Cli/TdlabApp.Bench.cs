using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tdlab.Cli.Bench;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command BenchCommand()
    {
        var json = new Option<bool>("--json") { Description = "one JSON object of named figures" };
        Option<int> threads = ThreadsOption();
        var command = new Command("bench", "engine benchmarks") { json, threads };
        command.SetAction(p =>
        {
            SortedDictionary<string, double> figures = BenchSuite.Run(PositiveThreads(p.GetValue(threads)));
            if (p.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(figures));
                return Ok;
            }

            int width = figures.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
            foreach ((string key, double value) in figures)
                output.WriteLine($"{key.PadRight(width)}  {value.ToString("G6", CultureInfo.InvariantCulture)}");
            return Ok;
        });
        return command;
    }
}
