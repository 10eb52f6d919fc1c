using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Tdlab.Benchmarks -- --filter '*Gemm*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
