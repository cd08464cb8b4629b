using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/BpGen.Benchmarks -- --filter '*'
// TorchSharp beside BpGen: add -p:WithTorch=true, and --inProcess after a patch (see Torch/weaken-glibcxx-3.4.32.py)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
