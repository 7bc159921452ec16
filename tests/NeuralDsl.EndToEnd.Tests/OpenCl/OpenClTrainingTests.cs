using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests.OpenCl;

/// <summary>
/// <c>Fit</c>, <c>Evaluate</c>, <c>Predict</c>, <c>Save</c> and <c>Load</c> on the OpenCL backend behave as on the CPU:
/// the same steps give the same weights, the tutorial MLP reaches the same accuracy, weights move between the
/// backends, and divergence is caught and undone.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class OpenClTrainingTests
{
    private static FitOptions Options(Optimizer optimizer, int epochs = 3) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        ValidationSplit = 0.25f,
        Optimizer = optimizer,
        Verbose = Verbosity.Silent,
    };

    [Theory]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    [InlineData("sgd nesterov")]
    public void Training_without_dropout_takes_the_same_steps_as_the_cpu(string optimizer)
    {
        static Optimizer Make(string name) => name switch
        {
            "adam" => new Adam(0.01f),
            "rmsprop" => new RmsProp(0.01f),
            _ => new Sgd(0.05f, momentum: 0.9f, nesterov: true),
        };
        // Same seed: the same initial weights and the same shuffles; without dropout the runs differ only by rounding.
        var cpu = new Regularized(seed: 16);
        var device = new Regularized(seed: 16);
        device.UseDevice(OpenClModels.Device);
        var (x, y) = GradientCheckTests.Batch(cpu.Info, 203, seed: 3);
        var cpuOptimizer = Make(optimizer);
        var deviceOptimizer = Make(optimizer);
        var cpuHistory = cpu.Fit(x, y, Options(cpuOptimizer));
        var deviceHistory = device.Fit(x, y, Options(deviceOptimizer));

        Assert.Equal(3, deviceHistory.Loss.Count);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(cpuHistory.Loss[epoch], deviceHistory.Loss[epoch], 1e-4 * Math.Max(1, cpuHistory.Loss[epoch]));
            Assert.Equal(cpuHistory.ValLoss[epoch], deviceHistory.ValLoss[epoch], 1e-4 * Math.Max(1, cpuHistory.ValLoss[epoch]));
        }
        // 152 training rows in batches of 32: 5 steps an epoch, counted on the optimizer as on the CPU.
        Assert.Equal(15, deviceOptimizer.Iterations);
        Assert.Equal(cpuOptimizer.Iterations, deviceOptimizer.Iterations);
        OpenClBackendTests.AssertClose("trained parameters", cpu.Parameters.ToArray(), device.Parameters.ToArray(), 1e-3);
    }

    [Fact]
    public void An_optimizer_keeps_its_moments_across_other_optimizers_steps_and_backend_switches()
    {
        // The device once dropped an optimizer's moments when another optimizer stepped the model in between (a Fit inside
        // a callback, or simply one Fit after another), and restarted them, with the step count, after steps on the CPU.
        var (x, y) = GradientCheckTests.Batch(new Regularized(seed: 16).Info, 160, seed: 3);
        var options = (Optimizer optimizer) => new FitOptions { Epochs = 1, BatchSize = 32, Optimizer = optimizer, Verbose = Verbosity.Silent };

        float[] Alternating(bool onDevice, out long adamSteps)
        {
            var model = new Regularized(seed: 16);
            if (onDevice) model.UseDevice(OpenClModels.Device);
            var adam = new Adam(0.01f);
            model.Fit(x, y, options(adam));
            model.Fit(x, y, options(new Sgd(0.05f, momentum: 0.9f)));
            model.Fit(x, y, options(adam));
            adamSteps = adam.Iterations;
            return model.Parameters.ToArray();
        }
        float[] cpu = Alternating(onDevice: false, out long cpuSteps);
        float[] device = Alternating(onDevice: true, out long deviceSteps);
        Assert.Equal(10, cpuSteps);
        Assert.Equal(10, deviceSteps);
        OpenClBackendTests.AssertClose("alternating optimizers", cpu, device, 1e-3);

        // Half the steps on each backend with one Adam: the same as all of them on the CPU, to rounding.
        var switched = new Regularized(seed: 16);
        var rms = new RmsProp(0.01f);
        switched.Fit(x, y, options(rms));
        switched.UseDevice(OpenClModels.Device);
        switched.Fit(x, y, options(rms));
        switched.UseDevice(Device.Cpu);
        switched.Fit(x, y, options(rms));
        var stayed = new Regularized(seed: 16);
        var rmsOnCpu = new RmsProp(0.01f);
        for (int i = 0; i < 3; i++) stayed.Fit(x, y, options(rmsOnCpu));
        Assert.Equal(15, rms.Iterations);
        OpenClBackendTests.AssertClose("optimizer moved between backends", stayed.Parameters.ToArray(), switched.Parameters.ToArray(), 1e-3);
    }

    [Fact]
    public void A_model_without_parameters_predicts_and_fits_as_on_the_cpu()
    {
        var cpu = new ImageIdentity(seed: 1);
        var device = new ImageIdentity(seed: 1);
        device.UseDevice(OpenClModels.Device);
        var (x, y) = GradientCheckTests.Batch(cpu.Info, 40, seed: 2);
        OpenClBackendTests.AssertClose("output", cpu.Predict(x), device.Predict(x));
        var optimizer = new Sgd();
        var history = device.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 16, Optimizer = optimizer, Verbose = Verbosity.Silent });
        Assert.Equal(cpu.Evaluate(x, y).Loss, history.Loss[^1], 2e-2);
        Assert.Equal(6, optimizer.Iterations);
    }

    [Fact]
    public void Weights_move_between_backends_through_save_and_load()
    {
        var model = new WithDropout(seed: 15);
        model.UseDevice(OpenClModels.Device);
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 9);
        var before = model.Parameters.ToArray();
        model.Fit(x, y, Options(new Adam(0.01f)));
        Assert.NotEqual(before, model.Parameters.ToArray()); // the host copy holds the trained weights
        float[] onDevice = model.Predict(x);

        string path = Path.Combine(Path.GetTempPath(), $"neuraldsl-opencl-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = WithDropout.Load(path);
            Assert.Equal(Device.Cpu, loaded.Device);
            OpenClBackendTests.AssertClose("predictions after Load on the CPU", onDevice, loaded.Predict(x));
            Assert.Equal(model.Evaluate(x, y).Loss, loaded.Evaluate(x, y).Loss, 1e-4);

            // And back: the same model object switched to the CPU and to OpenCL again predicts the same.
            model.UseDevice(Device.Cpu);
            OpenClBackendTests.AssertClose("the model switched to the CPU", onDevice, model.Predict(x));
            model.UseDevice(OpenClModels.Device);
            OpenClBackendTests.AssertClose("the model switched back", onDevice, model.Predict(x));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parameters_changed_on_the_host_are_used_by_the_next_call()
    {
        var model = new HiddenRelu(seed: 2);
        model.UseDevice(OpenClModels.Device);
        var (x, _) = GradientCheckTests.Batch(model.Info, 5, seed: 4);
        float[] first = model.Predict(x);
        float[] weights = model.Parameters.ToArray();
        model.Parameters.Clear();
        var cleared = new HiddenRelu(seed: 2);
        cleared.Parameters.Clear();
        Assert.Equal(cleared.Predict(x), model.Predict(x));
        weights.CopyTo(model.Parameters);
        Assert.Equal(first, model.Predict(x));
    }

    [Fact]
    public void A_fit_started_from_a_callback_leaves_the_outer_fit_its_training_set()
    {
        var model = new Regularized(seed: 5);
        model.UseDevice(OpenClModels.Device);
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 8);
        int inner = 0;
        var options = Options(new Adam(0.01f), epochs: 3);
        options.OnEpochEnd = _ =>
        {
            inner += model.Fit(x.AsSpan(0, 32 * model.Info.InputSize), y.AsSpan(0, 32 * model.Info.OutputSize), Options(new Adam(0.01f), epochs: 1)).Epochs;
            return true;
        };

        var history = model.Fit(x, y, options);

        Assert.Equal(3, history.Epochs);
        Assert.Equal(3, inner);
        Assert.All(history.Loss, loss => Assert.True(float.IsFinite(loss)));
    }

    [Fact]
    public void Divergence_on_the_device_restores_the_weights_and_keeps_the_history()
    {
        var model = new MseRegression(seed: 9);
        model.UseDevice(OpenClModels.Device);
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 5);
        for (int i = 0; i < y.Length; i++) y[i] *= 1e18f;
        var before = model.Parameters.ToArray();
        var error = Assert.Throws<TrainingDivergedException>(() =>
            model.Fit(x, y, new FitOptions { Epochs = 3, BatchSize = 8, Optimizer = new Sgd(1e10f), Verbose = Verbosity.Silent }));
        Assert.Contains("epoch 1/3", error.Message);
        Assert.True(model.Parameters.SequenceEqual(before), "parameters must be those of the start of the failing epoch");
        Assert.Equal(0, error.History.Epochs);
        // The restored weights are the ones the device uses next.
        model.UseDevice(Device.Cpu);
        float[] onCpu = model.Predict(x);
        model.UseDevice(OpenClModels.Device);
        OpenClBackendTests.AssertClose("predictions after the restore", onCpu, model.Predict(x));
    }

    [Fact]
    public void The_tutorial_mlp_reaches_the_cpu_accuracy_on_fashion_mnist()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");
        var (train, test) = FashionMnist.Load();
        var subset = train.Take(0, 12000);
        var options = new FitOptions { Epochs = 3, BatchSize = 128, ValidationSplit = 0.2f, Verbose = Verbosity.Silent };

        var cpu = new FashionMlp(seed: 1671);
        options.Optimizer = new Adam();
        cpu.Fit(subset.Features, subset.Labels, options);
        float cpuAccuracy = cpu.Evaluate(test.Features, test.Labels).Accuracy;

        var device = new FashionMlp(seed: 1671);
        device.UseDevice(OpenClModels.Device);
        options.Optimizer = new Adam();
        var history = device.Fit(subset.Features, subset.Labels, options);
        var result = device.Evaluate(test.Features, test.Labels);

        // Dropout masks differ between the backends, so the runs are two samples of the same training.
        Assert.True(result.Accuracy >= 0.80f, $"OpenCL test accuracy {result.Accuracy:P2} (CPU {cpuAccuracy:P2})");
        Assert.InRange(result.Accuracy - cpuAccuracy, -0.015f, 0.015f);
        Assert.Equal(3, history.ValAccuracy.Count);
        Assert.True(history.Loss[^1] < history.Loss[0], "training loss should fall");
    }
}
