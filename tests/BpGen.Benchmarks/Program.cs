using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/BpGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
