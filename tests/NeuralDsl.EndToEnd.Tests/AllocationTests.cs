using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>Runs alone: the kernels' worker threads are shared by every model in the process, and what another test's job
/// allocated on them would count.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsCollection;

/// <summary>
/// A training step allocates nothing once the workspace exists, on every thread: batches large enough
/// for the kernels to split work across cores included, and steps on an OpenCL device. Nor does a prediction
/// into a caller's buffer, once the inference passes it borrows exist. Only the threads that run the code under test are
/// counted (the calling thread and the kernels' worker threads), so whatever else the process does (the test runner, the
/// JIT's tiering, another test's threads) cannot fail these tests; the bound is exact: zero bytes, in one of a few windows
/// of steps (see <see cref="AssertSomeWindowAllocatesNothing"/>).
/// </summary>
[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    [Fact]
    public void MlpStepsOnLargeBatchesDoNotAllocate() =>
        AssertStepsDoNotAllocate(new FashionMlp(seed: 1), rows: 512);

    [Fact]
    public void CnnStepsOnLargeBatchesDoNotAllocate() =>
        AssertStepsDoNotAllocate(new SubsetCnn(seed: 1), rows: 256);

    /// <summary>A graph: BatchNormalization (statistics, moving statistics), an output with two readers (gradient parts),
    /// Add, global max pooling, padding; and a repeated block with Concatenate.</summary>
    [Fact]
    public void GraphStepsDoNotAllocate()
    {
        AssertStepsDoNotAllocate(new GraphResidualBlock(seed: 1), rows: 64);
        AssertStepsDoNotAllocate(new GraphRepeatedBlock(seed: 1), rows: 64);
        AssertStepsDoNotAllocate(new GraphAugmentationInside(seed: 1), rows: 64);
    }

    [Fact]
    public void GraphStepsOnAnOpenClDeviceDoNotAllocate()
    {
        var model = new GraphResidualBlock(seed: 1);
        model.UseDevice(OpenCl.OpenClModels.Device);
        AssertStepsDoNotAllocate(model, rows: 32);
    }

    [Fact]
    public void What_other_threads_allocate_meanwhile_does_not_count()
    {
        // The suite once failed on a busy machine: the counter covered every thread of the process, the test runner's too.
        // Here another thread allocates 1 MB in the middle of the measured steps, every time.
        using var neighbour = new AllocatingNeighbour(bytes: 1 << 20);
        AssertStepsDoNotAllocate(new FashionMlp(seed: 1), rows: 512, meanwhile: neighbour.AllocateAndWait);
        Assert.Equal(5, neighbour.Rounds);
    }

    [Fact]
    public void MlpStepsOnAnOpenClDeviceDoNotAllocate()
    {
        var model = new FashionMlp(seed: 1);
        model.UseDevice(OpenCl.OpenClModels.Device);
        AssertStepsDoNotAllocate(model, rows: 128);
    }

    [Fact]
    public void CnnStepsOnAnOpenClDeviceDoNotAllocate()
    {
        var model = new SubsetCnn(seed: 1);
        model.UseDevice(OpenCl.OpenClModels.Device);
        AssertStepsDoNotAllocate(model, rows: 32);
    }

    [Fact]
    public void PredictionsIntoASpanDoNotAllocate() => AssertPredictionsDoNotAllocate(new FashionMlp(seed: 1));

    [Fact]
    public void PredictionsOnAnOpenClDeviceDoNotAllocate()
    {
        var model = new FashionMlp(seed: 1);
        model.UseDevice(OpenCl.OpenClModels.Device);
        AssertPredictionsDoNotAllocate(model);
    }

    /// <summary>The typed one-row overload and 300 rows into a span (two inference passes), on the inference passes the
    /// model lends per call.</summary>
    private static void AssertPredictionsDoNotAllocate(FashionMlp model)
    {
        var (x, _) = GradientCheckTests.Batch(model.Info, 300, seed: 2);
        var outputs = new float[300 * FashionMlp.OutputSize];
        var one = new FashionMlp.InputVector();
        x.AsSpan(0, FashionMlp.InputSize).CopyTo(one);
        for (int i = 0; i < 2; i++) // warm up: JIT, inference passes, pooled buffers
        {
            model.Predict(x, outputs);
            model.Predict(in one);
        }

        AssertSomeWindowAllocatesNothing($"{model.Info.Name} on {model.Device}: 5 × (300 rows + 1 row) of predictions", () =>
        {
            for (int i = 0; i < 5; i++)
            {
                model.Predict(x, outputs);
                model.Predict(in one);
            }
        });
    }

    [Fact]
    public void Optimizer_steps_over_the_trainable_layers_do_not_allocate() =>
        AssertUpdatesDoNotAllocate(new MiddleFrozen(seed: 3));

    [Fact]
    public void Optimizer_steps_over_the_trainable_layers_on_an_OpenCl_device_do_not_allocate()
    {
        var model = new MiddleFrozen(seed: 3);
        model.UseDevice(OpenCl.OpenClModels.Device);
        AssertUpdatesDoNotAllocate(model);
    }

    /// <summary>Adam steps that skip a frozen layer (two trainable ranges) allocate nothing once warm.</summary>
    private static void AssertUpdatesDoNotAllocate(SequentialModel model)
    {
        var (x, y) = GradientCheckTests.Batch(model.Info, 8, seed: 4);
        model.ComputeGradients(x, y);
        var adam = new Adam();
        model.Backend.Update(adam); // warm up: moments, kernels
        model.Backend.Update(adam);

        AssertSomeWindowAllocatesNothing($"{model.Info.Name}: 5 optimizer steps", () =>
        {
            for (int i = 0; i < 5; i++) model.Backend.Update(adam);
        });
    }

    private static void AssertStepsDoNotAllocate(SequentialModel model, int rows, Action? meanwhile = null)
    {
        var (x, y) = GradientCheckTests.Batch(model.Info, rows, seed: 2);
        model.ComputeGradients(x, y); // warm up: JIT, workspace, worker threads, pooled buffers
        model.ComputeGradients(x, y);

        AssertSomeWindowAllocatesNothing($"{model.Info.Name}: 5 forward + backward passes of {rows} rows", () =>
        {
            for (int i = 0; i < 5; i++)
            {
                model.ComputeGradients(x, y);
                meanwhile?.Invoke();
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="window"/> up to <see cref="Windows"/> times and passes when one run allocated nothing. The runtime
    /// allocates a few things once, at a moment that depends on the machine's load rather than on the code under test (the
    /// lock object a wait creates the first time it really blocks instead of spinning); a steady allocation, the defect
    /// looked for, shows in every window and fails.
    /// </summary>
    private static void AssertSomeWindowAllocatesNothing(string what, Action window)
    {
        var windows = new List<string>();
        for (int w = 0; w < Windows; w++)
        {
            // The pool first: its static constructor, run by the first read, must not count.
            long workers = Cpu.WorkerPool.AllocatedBytes, calling = GC.GetAllocatedBytesForCurrentThread();
            window();
            long byCalling = GC.GetAllocatedBytesForCurrentThread() - calling, byWorkers = Cpu.WorkerPool.AllocatedBytes - workers;
            if (byCalling + byWorkers == 0) return;
            windows.Add($"{byCalling} bytes on the calling thread and {byWorkers} on the workers");
        }
        Assert.Fail($"{what} allocated in each of {Windows} windows: {string.Join("; ", windows)}");
    }

    private const int Windows = 3;

    /// <summary>A thread that allocates <c>bytes</c> each time it is asked, while the asking thread waits. Monitor signalling:
    /// unlike the slim events it allocates nothing on the waiting thread.</summary>
    private sealed class AllocatingNeighbour : IDisposable
    {
        private readonly object _lock = new();
        private readonly Thread _thread;
        private readonly int _bytes;
        private int _asked, _done;
        private bool _stop;

        public AllocatingNeighbour(int bytes)
        {
            _bytes = bytes;
            _thread = new Thread(Loop) { IsBackground = true, Name = "allocating neighbour" };
            _thread.Start();
        }

        public int Rounds { get; private set; }

        public void AllocateAndWait()
        {
            lock (_lock)
            {
                _asked++;
                Monitor.PulseAll(_lock);
                while (_done < _asked) Monitor.Wait(_lock);
            }
            Rounds++;
        }

        private void Loop()
        {
            lock (_lock)
            {
                while (true)
                {
                    while (_done == _asked && !_stop) Monitor.Wait(_lock);
                    if (_stop) return;
                    GC.KeepAlive(new byte[_bytes]);
                    _done++;
                    Monitor.PulseAll(_lock);
                }
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _stop = true;
                Monitor.PulseAll(_lock);
            }
            _thread.Join();
        }
    }
}
