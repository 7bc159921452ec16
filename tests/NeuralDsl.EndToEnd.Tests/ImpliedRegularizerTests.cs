using NeuralDsl.EndToEnd.Tests.Models;
using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary><c>[Dense(5, Activation.Relu, L2 = 0.5f)]</c> penalizes its kernel by <c>0.5·Σw²</c>, as Keras's
/// <c>kernel_regularizer=l2(0.5)</c>, on both backends: the factor implies its regularizer.</summary>
[Collection(OpenClModels.Name)]
public sealed class ImpliedRegularizerTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void An_l2_factor_alone_adds_its_penalty_to_the_loss(string backend)
    {
        var penalized = new ImpliedL2(seed: 5);
        var unregularized = new ImpliedL2Unregularized(seed: 9);
        Assert.Equal(penalized.Parameters.Length, unregularized.Parameters.Length);
        penalized.Parameters.CopyTo(unregularized.Parameters);
        if (backend == "opencl")
        {
            penalized.UseDevice(OpenClModels.Device);
            unregularized.UseDevice(OpenClModels.Device);
        }
        var (x, y) = GradientCheckTests.Batch(penalized.Info, 11, seed: 4);

        var kernel = penalized.Info.Tensors.Single(tensor => tensor.Name == "dense/kernel");
        double sumOfSquares = 0;
        foreach (float w in penalized.Parameters.Slice(kernel.Offset, kernel.Length)) sumOfSquares += (double)w * w;
        double expected = 0.5 * sumOfSquares;
        Assert.True(expected > 0.1, $"The kernel's penalty {expected} is too small to tell apart.");

        foreach (bool training in new[] { false, true })
        {
            double difference = (double)penalized.ComputeLoss(x, y, training) - unregularized.ComputeLoss(x, y, training);
            Assert.True(Math.Abs(difference - expected) <= 1e-5 * expected,
                $"{backend}, training {training}: the loss grows by {difference}, expected 0.5 · Σw² = {expected}.");
        }
    }
}
