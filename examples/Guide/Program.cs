// docs/library.md, step by step; every code block of the guide is in this folder (a test checks it and compiles
// and runs these files), and CI builds and runs this project against the packed libraries.
using Tdlab.Guide;

string folder = Path.Combine(Path.GetTempPath(), "tdlab-guide-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
try
{
    var (before, after) = Training.Run();
    Console.WriteLine($"training: loss {before:F4} -> {after:F4}");
    Console.WriteLine($"weights from .npy files reproduce the outputs: {Weights.RoundTrip(folder)}");
    Console.WriteLine(Measurements.Describe());
    Console.WriteLine(Families.RunFamily(folder));
}
finally
{
    Directory.Delete(folder, recursive: true);
}
