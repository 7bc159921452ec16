using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.Reliability;

/// <summary>
/// One model instance called from many threads at once gives, call for call, bit for bit, what one thread gets: Predict
/// (array, span and typed overloads), PredictClasses and Evaluate, on the CPU and on OpenCL, starting from a model whose
/// workspaces do not exist yet, so that workspaces grow while other threads run passes (batch sizes differ per thread).
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class ConcurrencyTests
{
    private const int Threads = 8, Rounds = 3;

    /// <summary>Batch sizes from one row to several inference passes (256 rows a pass).</summary>
    private static readonly int[] Sizes = [1, 3, 17, 256, 300, 600];

    public static TheoryData<string, string> Cases() => new()
    {
        { "cpu", "mlp" }, { "cpu", "cnn" }, { "opencl", "mlp" }, { "opencl", "cnn" },
    };

    internal static SequentialModel Create(string kind, string backend, int seed = 3)
    {
        SequentialModel model = kind == "mlp" ? new ConcurrentMlp(seed) : new ConcurrentCnn(seed);
        if (backend == "opencl") model.UseDevice(OpenClModels.Device);
        return model;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calls_from_many_threads_match_one_thread_bit_for_bit(string backend, string kind)
    {
        var info = Create(kind, "cpu").Info;
        var inputs = Sizes.Select(rows => GradientCheckTests.Batch(info, rows, seed: rows)).ToArray();

        // The reference: one thread, one call after the other, on a model of its own.
        var single = Create(kind, backend);
        var expectedOutputs = inputs.Select(batch => single.Predict(batch.X)).ToArray();
        var expectedClasses = inputs.Select(batch => single.PredictClasses(batch.X)).ToArray();
        var expectedEvaluations = inputs.Select(batch => single.Evaluate(batch.X, batch.Y)).ToArray();

        var model = Create(kind, backend);
        int calls = 0;
        var mismatches = new System.Collections.Concurrent.ConcurrentQueue<string>();
        RunAtOnce(Threads, thread =>
        {
            var destination = new float[Sizes.Max() * info.OutputSize];
            for (int round = 0; round < Rounds; round++)
                for (int i = 0; i < Sizes.Length; i++)
                {
                    // Each thread starts at another size, so that small and large batches (and workspace growth) overlap.
                    int s = (i + thread) % Sizes.Length, rows = Sizes[s];
                    var (x, y) = inputs[s];
                    var output = destination.AsSpan(0, rows * info.OutputSize);
                    Check(mismatches, $"Predict {rows} rows", model.Predict(x), expectedOutputs[s]);
                    model.Predict(x, output);
                    Check(mismatches, $"Predict into a span, {rows} rows", output.ToArray(), expectedOutputs[s]);
                    if (rows == 1) Check(mismatches, "typed Predict", PredictTyped(model, x), expectedOutputs[s]);
                    Check(mismatches, $"PredictClasses {rows} rows", model.PredictClasses(x), expectedClasses[s]);
                    var evaluation = model.Evaluate(x, y);
                    if (evaluation != expectedEvaluations[s]) mismatches.Enqueue($"Evaluate {rows} rows: {evaluation} instead of {expectedEvaluations[s]}");
                    Interlocked.Add(ref calls, rows == 1 ? 5 : 4);
                }
        });

        Assert.Empty(mismatches);
        Assert.Equal(Threads * Rounds * (Sizes.Length * 4 + 1), calls);
    }

    /// <summary>The generated, typed one-row overload (no allocation, through the span overload).</summary>
    private static float[] PredictTyped(SequentialModel model, float[] x)
    {
        switch (model)
        {
            case ConcurrentMlp mlp:
                {
                    var input = new ConcurrentMlp.InputVector();
                    x.CopyTo((Span<float>)input);
                    var output = mlp.Predict(in input);
                    return ((ReadOnlySpan<float>)output).ToArray();
                }
            case ConcurrentCnn cnn:
                {
                    var input = new ConcurrentCnn.InputVector();
                    x.CopyTo((Span<float>)input);
                    var output = cnn.Predict(in input);
                    return ((ReadOnlySpan<float>)output).ToArray();
                }
            default:
                throw new ArgumentException(model.Name, nameof(model));
        }
    }

    private static void Check<T>(System.Collections.Concurrent.ConcurrentQueue<string> mismatches, string call, T[] actual, T[] expected)
    {
        if (!actual.AsSpan().SequenceEqual(expected)) mismatches.Enqueue($"{call}: differs from one thread's result");
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="threads"/> threads released at the same moment; rethrows the first failure.</summary>
    internal static void RunAtOnce(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
        if (failures.TryDequeue(out var failure)) throw new AggregateException(failure);
    }
}
