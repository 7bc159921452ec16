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
}
