using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>Runs alone: the allocation counter covers every thread of the process.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsCollection;

/// <summary>
/// A training step allocates nothing once the workspace exists, on every thread: batches large enough
/// for the kernels to split work across cores included, and steps on an OpenCL device. Nor does a prediction
/// into a caller's buffer, once the inference passes it borrows exist.
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

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 5; i++)
        {
            model.Predict(x, outputs);
            model.Predict(in one);
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(allocated < 2048, $"{model.Info.Name} on {model.Device}: 5 × (300 rows + 1 row) of predictions allocated {allocated} bytes");
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

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 5; i++) model.Backend.Update(adam);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(allocated == 0, $"{model.Info.Name}: 5 optimizer steps allocated {allocated} bytes");
    }

    private static void AssertStepsDoNotAllocate(SequentialModel model, int rows)
    {
        var (x, y) = GradientCheckTests.Batch(model.Info, rows, seed: 2);
        model.ComputeGradients(x, y); // warm up: JIT, workspace, worker threads, pooled buffers
        model.ComputeGradients(x, y);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 5; i++) model.ComputeGradients(x, y);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(allocated < 2048, $"{model.Info.Name}: 5 forward + backward passes of {rows} rows allocated {allocated} bytes");
    }
}
