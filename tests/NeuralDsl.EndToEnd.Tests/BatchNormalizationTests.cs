using NeuralDsl.EndToEnd.Tests.Models;
using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>
/// BatchNormalization as Keras defines it, on both backends: the moving statistics after known batches equal Keras's
/// update computed here by hand (biased batch variance, <c>moving = moving·momentum + batch·(1 − momentum)</c>), inference
/// normalizes with them, and a frozen layer keeps gamma and beta and runs in inference mode even while the model trains.
/// </summary>
[Collection(OpenClModels.Name)]
public class BatchNormalizationTests
{
    public static TheoryData<string> Backends => new() { "cpu", "opencl" };

    private static T On<T>(T model, string backend) where T : SequentialModel
    {
        if (backend == "opencl") model.UseDevice(OpenClModels.Device);
        return model;
    }

    private static readonly float[] FirstBatch = [1, 2, 3, 3, -2, 0.5f, -1, 4, 2, 0.5f, 1, -3];     // 4 rows × 3
    private static readonly float[] SecondBatch = [0, 1, 1, 2, 2, -1, 5, 0, 0];                      // 3 rows × 3

    private static (double[] Mean, double[] Variance) BatchStatistics(float[] x, int channels)
    {
        int rows = x.Length / channels;
        var mean = new double[channels];
        var variance = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            for (int r = 0; r < rows; r++) mean[c] += x[r * channels + c];
            mean[c] /= rows;
            for (int r = 0; r < rows; r++) variance[c] += Math.Pow(x[r * channels + c] - mean[c], 2);
            variance[c] /= rows; // biased, as Keras
        }
        return (mean, variance);
    }

    private static float[] Tensor(SequentialModel model, string name)
    {
        var tensor = model.Info.Tensors.Single(t => t.Name == name);
        return model.Parameters.Slice(tensor.Offset, tensor.Length).ToArray();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Moving_statistics_follow_keras_update_after_known_batches(string backend)
    {
        var model = On(new BatchNormProbe(seed: 1), backend);
        double[] mean = [0, 0, 0], variance = [1, 1, 1]; // Keras's initial moving statistics
        foreach (var batch in new[] { FirstBatch, SecondBatch })
        {
            model.ComputeGradients(batch, new float[batch.Length / 3]); // one fresh training pass
            var (batchMean, batchVariance) = BatchStatistics(batch, 3);
            for (int c = 0; c < 3; c++)
            {
                mean[c] = mean[c] * 0.9 + batchMean[c] * (1 - 0.9);
                variance[c] = variance[c] * 0.9 + batchVariance[c] * (1 - 0.9);
            }
        }
        float[] movingMean = Tensor(model, "bn/moving_mean"), movingVariance = Tensor(model, "bn/moving_variance");
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(mean[c], movingMean[c], 1e-5);
            Assert.Equal(variance[c], movingVariance[c], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Inference_normalizes_with_the_moving_statistics(string backend)
    {
        var model = On(new BatchNormProbe(seed: 2), backend);
        model.ComputeGradients(FirstBatch, new float[4]); // moves the statistics away from 0 and 1
        float[] gamma = Tensor(model, "bn/gamma"), beta = Tensor(model, "bn/beta");
        float[] mean = Tensor(model, "bn/moving_mean"), variance = Tensor(model, "bn/moving_variance");
        float[] kernel = Tensor(model, "head/kernel"), bias = Tensor(model, "head/bias");
        float[] predicted = model.Predict(SecondBatch);
        for (int r = 0; r < 3; r++)
        {
            double expected = bias[0];
            for (int c = 0; c < 3; c++)
                expected += kernel[c] * (gamma[c] * (SecondBatch[r * 3 + c] - mean[c]) / Math.Sqrt(variance[c] + 0.01) + beta[c]);
            Assert.Equal(expected, predicted[r], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_frozen_layer_keeps_gamma_beta_and_moving_statistics_and_runs_in_inference_mode(string backend)
    {
        var model = On(new FrozenBatchNormProbe(seed: 3), backend);
        float[] before = model.Parameters.ToArray();
        float[] y = [1, -1, 0.5f, 2];
        // Training with the layer frozen: its output is the inference one, so the training loss is the inference loss.
        Assert.Equal(model.ComputeLoss(FirstBatch, y, training: false), model.ComputeLoss(FirstBatch, y, training: true), 1e-6);
        model.Fit(FirstBatch, y, new FitOptions { Epochs = 3, BatchSize = 2, Optimizer = new Adam(0.05f), Verbose = Verbosity.Silent });
        foreach (var tensor in model.Info.Layers[0].Tensors)
            Assert.Equal(before.AsSpan(tensor.Offset, tensor.Length).ToArray(), model.Parameters.Slice(tensor.Offset, tensor.Length).ToArray());
        Assert.NotEqual(before.AsSpan(model.Info.Layers[1].Tensors[0].Offset, 3).ToArray(), Tensor(model, "head/kernel")); // the head trained
        string summary = model.Summary();
        Assert.Contains("Trainable params: 4", summary);      // the head
        Assert.Contains("Non-trainable params: 12", summary); // gamma, beta (frozen) and the moving statistics
    }

    [Fact]
    public void Folded_into_the_convolution_at_inference_it_predicts_what_the_unfolded_formula_gives()
    {
        var model = new FoldedConvBatchNorm(seed: 5);
        var random = new NeuralDsl.Cpu.RandomSource(17);
        var x = new float[6 * FoldedConvBatchNorm.InputSize];
        foreach (ref float v in x.AsSpan()) v = 2 * random.NextFloat() - 1;
        model.ComputeGradients(x, new float[6 * 2]); // moves the moving statistics
        foreach (string name in new[] { "bn/gamma", "bn/beta" }) // away from 1 and 0
        {
            var tensor = model.Info.Tensors.Single(t => t.Name == name);
            foreach (ref float v in model.Parameters.Slice(tensor.Offset, tensor.Length)) v += random.NextFloat() - 0.5f;
        }

        // The folded network by hand, in double: kernel · s per filter, bias (b − μ)·s + β, s = γ/√(σ² + ε).
        float[] kernel = Tensor(model, "conv/kernel"), bias = Tensor(model, "conv/bias"), gamma = Tensor(model, "bn/gamma"), beta = Tensor(model, "bn/beta");
        float[] mean = Tensor(model, "bn/moving_mean"), variance = Tensor(model, "bn/moving_variance");
        var plain = new ConvWithoutBatchNorm(seed: 1);
        var plainKernel = plain.Info.Tensors.Single(t => t.Name == "conv/kernel");
        var plainBias = plain.Info.Tensors.Single(t => t.Name == "conv/bias");
        for (int i = 0; i < kernel.Length; i++)
            plain.Parameters[plainKernel.Offset + i] = (float)(kernel[i] * gamma[i % 3] / Math.Sqrt(variance[i % 3] + 0.01));
        for (int f = 0; f < 3; f++)
            plain.Parameters[plainBias.Offset + f] = (float)((bias[f] - mean[f]) * gamma[f] / Math.Sqrt(variance[f] + 0.01) + beta[f]);
        foreach (string name in new[] { "head/kernel", "head/bias" })
        {
            var from = model.Info.Tensors.Single(t => t.Name == name);
            var to = plain.Info.Tensors.Single(t => t.Name == name);
            model.Parameters.Slice(from.Offset, from.Length).CopyTo(plain.Parameters.Slice(to.Offset, to.Length));
        }

        foreach (int rows in new[] { 1, 6 })
        {
            float[] folded = model.Predict(x.AsSpan(0, rows * FoldedConvBatchNorm.InputSize));
            float[] expected = plain.Predict(x.AsSpan(0, rows * ConvWithoutBatchNorm.InputSize));
            double scale = Math.Max(expected.Max(v => Math.Abs(v)), 1e-3);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(folded[i] - expected[i]) <= 1e-5 * scale, $"output {i}: folded {folded[i]}, by hand {expected[i]}");
        }
    }

    [Fact]
    public void An_add_fused_into_the_convolution_at_inference_predicts_the_bits_of_the_separate_passes()
    {
        var fused = new FusedResiduals(seed: 3);
        var random = new NeuralDsl.Cpu.RandomSource(23);
        var x = new float[5 * FusedResiduals.InputSize];
        foreach (ref float v in x.AsSpan()) v = 2 * random.NextFloat() - 1;
        fused.ComputeGradients(x, new float[5 * 3]); // moves the moving statistics
        foreach (var tensor in fused.Info.Tensors.Where(t => t.Name.EndsWith("gamma", StringComparison.Ordinal) || t.Name.EndsWith("beta", StringComparison.Ordinal)))
            foreach (ref float v in fused.Parameters.Slice(tensor.Offset, tensor.Length)) v += random.NextFloat() - 0.5f;
        // The fold happened: both of FusedResiduals' convolutions before an Add take the residual (a test-only look at the
        // generated passes; SeparateResiduals' take none).
        foreach (var (model, expected) in new[] { (typeof(FusedResiduals), new[] { "AForward", "BForward" }), (typeof(SeparateResiduals), Array.Empty<string>()) })
        {
            var passes = model.GetNestedTypes(System.Reflection.BindingFlags.NonPublic).Single(t => t.Name == "GeneratedCpuPasses");
            var taking = passes.GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                .Where(m => m.GetParameters().Any(p => p.Name == "residual")).Select(m => m.Name).Order();
            Assert.Equal(expected, taking);
        }
        var separate = new SeparateResiduals(seed: 1);
        Assert.Equal(fused.Info.Tensors.Select(t => (t.Name, t.Offset, t.Length)), separate.Info.Tensors.Select(t => (t.Name, t.Offset, t.Length)));
        fused.Parameters.CopyTo(separate.Parameters);

        foreach (int rows in new[] { 1, 5 })
        {
            float[] expected = separate.Predict(x.AsSpan(0, rows * FusedResiduals.InputSize));
            Assert.Equal(expected, fused.Predict(x.AsSpan(0, rows * FusedResiduals.InputSize)));
            Assert.Contains(expected, v => v != 0);
        }
        // Training still runs every layer apart: the same loss, the same gradients.
        var y = new float[5 * 3];
        Assert.Equal(separate.ComputeGradients(x, y), fused.ComputeGradients(x, y));
        Assert.Equal(separate.Gradients.ToArray(), fused.Gradients.ToArray());
    }
}
