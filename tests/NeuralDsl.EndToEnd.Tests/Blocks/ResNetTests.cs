using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests.Blocks;

/// <summary>Keras's ResNet-50 declared with blocks reports Keras's counts exactly and names its layers as Keras does
/// (ResNet-20 v1: samples/Cifar10ResNet and its test).</summary>
public class ResNetTests
{
    [Fact]
    public void ResNet50_reports_the_counts_of_keras_applications()
    {
        Assert.Equal(25_636_712, KerasResNet50.ParameterCount);
        var model = new KerasResNet50(seed: 1);
        string summary = model.Summary();
        Assert.Contains("Total params: 25,636,712", summary);
        Assert.Contains("Trainable params: 25,583,592", summary);
        Assert.Contains("Non-trainable params: 53,120", summary);
        Assert.Equal(1000, KerasResNet50.OutputSize);
        var names = model.Info.Layers.Select(layer => layer.Name).ToList();
        Assert.Equal(176, names.Count); // Keras's 177 model.layers less the InputLayer: a 6-layer stem, 4 × 12 + 12 × 10 in blocks, the head
        Assert.Equal(["conv1_pad", "conv1_conv", "conv1_bn", "conv1_relu", "pool1_pad", "pool1_pool",
            "conv2_block1_0_conv", "conv2_block1_0_bn", "conv2_block1_1_conv"], names.Take(9));
        Assert.Contains("conv4_block6_out", names);
        Assert.Equal(["conv5_block3_add", "conv5_block3_out", "avg_pool", "predictions"], names.TakeLast(4));
        Assert.Equal([7, 7, 2048], model.Info.Layers[names.IndexOf("conv5_block3_out")].OutputShape);
        Assert.Equal([56, 56, 256], model.Info.Layers[names.IndexOf("conv2_block3_out")].OutputShape);
    }
}
