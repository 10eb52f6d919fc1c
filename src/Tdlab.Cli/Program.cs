using System.Globalization;
using Tdlab.Cli.Bench;

// Temporary minimal entry (the real CLI replaces it): tdlab bench [--json] [--threads N]
if (args.Length == 0 || args[0] != "bench")
{
    Console.Error.WriteLine("usage: tdlab bench [--json] [--threads N]");
    return 2;
}

bool json = args.Contains("--json");
int t = Array.IndexOf(args, "--threads");
int threads = t >= 0 && t + 1 < args.Length ? int.Parse(args[t + 1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
var figures = BenchSuite.Run(threads);
if (json)
    Console.WriteLine("{" + string.Join(", ", figures.Select(f => $"\"{f.Key}\": {f.Value.ToString("F1", CultureInfo.InvariantCulture)}")) + "}");
else
    foreach (var (key, value) in figures) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-24} {value,10:F1}"));
return 0;
