using BenchmarkDotNet.Running;
using NeuralDsl.Benchmarks;

// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks`             BenchmarkDotNet, all benchmarks
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- --filter *Nn*`   BenchmarkDotNet options pass through
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- --filter *OpenCl*`   CPU vs OpenCL backend (Fit epoch, Predict)
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- --filter *FitBenchmarks*`   one CPU training epoch of the tutorial MLP and CNN
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- --filter *Elementwise*`   ISimd element-wise kernels vs the previous Vector512 loops
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- --filter *BatchNormalizationFold*`   batch-1 conv stem with and without BatchNormalization (folded)
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- --filter *OnnxRuntimeComparison*`   Predict vs ONNX Runtime 1.32 (1 thread, all cores) on the same weights: MLP, Keras convnet, ResNet-20, batch 1 and 10 000
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- quick`    Stopwatch harness (warm-up, medians), seconds
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- train`    CPU training samples/s and share of the measured FMA peak; `train MODEL SECONDS` loops Fit for a profiler
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- layers`   time and GFLOP/s per layer of a convnet training step; `layers NAME SECONDS` loops one pass for a profiler
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- products`  inference's products on one thread (the MLP's dense layers, batch-1 convolutions), GFLOP/s, share of the peak
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- predict`  Predict latency (batch 1, 256) and 1 vs 2 threads on one model
// `dotnet run -c Release --project tests/NeuralDsl.Benchmarks -- opencl`   the OpenCL backend (PoCL here) vs the CPU backend: Predict and a Fit epoch, ratios; `opencl MODEL SECONDS` loops Predict
if (args.Length > 0 && args[0] == "quick")
{
    QuickHarness.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 31);
    return;
}
if (args.Length > 0 && args[0] == "peak")
{
    foreach (int threads in new[] { 1, Environment.ProcessorCount })
        Console.WriteLine($"{threads} thread(s): {FmaPeak.Measure(threads):F1} GFLOP/s widest vectors, {FmaPeak.Measure(threads, widest: false):F1} with 256-bit");
    return;
}
if (args.Length > 0 && args[0] == "train")
{
    if (args.Length > 2) TrainingHarness.Loop(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    else TrainingHarness.Run();
    return;
}
if (args.Length > 0 && args[0] == "layers")
{
    if (args.Length > 2) LayerHarness.Run(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    else LayerHarness.Run();
    return;
}
if (args.Length > 0 && args[0] == "products")
{
    ProductHarness.Run();
    return;
}
if (args.Length > 0 && args[0] == "opencl")
{
    if (args.Length > 2) OpenClHarness.Loop(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    else OpenClHarness.Run();
    return;
}
if (args.Length > 0 && args[0] == "predict")
{
    PredictHarness.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
