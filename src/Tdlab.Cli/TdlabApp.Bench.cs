using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tdlab.Cli.Bench;
using Tdlab.Lab;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command BenchCommand()
    {
        var json = new Option<bool>("--json") { Description = "one JSON object of named figures" };
        var only = new Option<string?>("--only") { Description = $"comma-separated groups to measure: {string.Join(", ", BenchSuite.Groups)} (default all)" };
        Option<int> threads = ThreadsOption();
        var command = new Command("bench", "engine benchmarks") { json, threads, only };
        command.SetAction(p =>
        {
            var groups = (p.GetValue(only) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = groups.FirstOrDefault(g => !BenchSuite.Groups.Contains(g));
            if (unknown is not null)
                throw new BadInputException($"bench --only: unknown group '{unknown}'; groups: {string.Join(", ", BenchSuite.Groups)}");
            SortedDictionary<string, double> figures = BenchSuite.Run(PositiveThreads(p.GetValue(threads)), groups);
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
