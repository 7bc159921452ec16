using NeuralDsl.Applications;

namespace NeuralDsl.EndToEnd.Tests.Pretrained;

/// <summary>The shipped torchvision ResNets: torchvision's layer names and counts, and reusing them from this assembly.</summary>
public sealed class ApplicationsTests
{
    // torchvision's resnet18 has 11,689,512 parameters and 9,600 running statistics (running_mean and running_var of 4,800
    // BatchNorm channels); fc is 512 × 1000 + 1000 = 513,000 of the parameters.
    private const int ResNet18Weights = 11_689_512, ResNet18Statistics = 9_600, Fc = 513_000;

    [Fact]
    public void ResNet18_has_torchvisions_names_shapes_and_counts()
    {
        var model = new ResNet18(seed: 1);
        var names = model.Info.Layers.Select(layer => layer.Name).ToList();
        Assert.Equal(["conv1_pad", "conv1", "bn1", "relu", "maxpool_pad", "maxpool", "layer1_0_conv1_pad", "layer1_0_conv1", "layer1_0_bn1"], names.Take(9));
        Assert.Contains("layer2_0_downsample_0", names);
        Assert.Contains("layer4_1_bn2", names);
        Assert.DoesNotContain("layer1_0_downsample_0", names); // layer1 keeps 64 channels at stride 1: no downsample
        Assert.Equal(["avgpool", "fc"], names.TakeLast(2));
        Assert.Equal([56, 56, 64], model.Info.Layers[names.IndexOf("maxpool")].OutputShape);
        Assert.Equal([7, 7, 512], model.Info.Layers[names.IndexOf("layer4_1_relu2")].OutputShape);
        Assert.Equal(ResNet18Weights + ResNet18Statistics, ResNet18.ParameterCount);
        Assert.Equal(ResNet18Weights, model.TrainableParameterCount);
        // No conv has a bias (torchvision's bias=False).
        var convolutions = model.Info.Layers.Where(layer => layer.Type == "Conv2D").ToList();
        Assert.Equal(20, convolutions.Count);
        Assert.All(convolutions, layer => Assert.Equal([layer.Name + "/kernel"], layer.Tensors.Select(t => t.Name)));
        Assert.Equal(1000, ResNet18.OutputSize);
        Assert.Equal(224 * 224 * 3, ResNet18.InputSize);
    }

    [Fact]
    public void ResNet50_is_torchvisions_v1_5_with_its_names()
    {
        var model = new ResNet50(seed: 1);
        var layers = model.Info.Layers.ToDictionary(layer => layer.Name);
        // torchvision's 25,557,032 parameters and 53,120 running statistics.
        Assert.Equal(25_557_032 + 53_120, ResNet50.ParameterCount);
        Assert.Equal(25_557_032, model.TrainableParameterCount);
        Assert.Equal([56, 56, 256], layers["layer1_0_downsample_1"].OutputShape);
        // v1.5: the stage's first 1×1 keeps the resolution; its 3×3 halves it.
        Assert.Equal([56, 56, 128], layers["layer2_0_conv1"].OutputShape);
        Assert.Equal([28, 28, 128], layers["layer2_0_conv2"].OutputShape);
        // The shortcut: a 1×1 from layer1's 256 channels to 512.
        Assert.Equal([1, 1, 256, 512], layers["layer2_0_downsample_0"].Tensors.Single().Shape);
        Assert.Equal([7, 7, 2048], layers["layer4_2_relu3"].OutputShape);
        Assert.Contains("layer3_5_bn3", layers.Keys);
    }

    [Fact]
    public void A_model_reusing_resnet18_through_avgpool_counts_the_frozen_body_and_the_new_head()
    {
        // The body: everything but fc, frozen (its weights and statistics non-trainable); the head: 512 × 2 + 2.
        const int Body = ResNet18Weights - Fc + ResNet18Statistics, Head = 512 * 2 + 2;
        Assert.Equal(Body + Head, ResNet18TwoClasses.ParameterCount);
        var model = new ResNet18TwoClasses(seed: 2);
        string summary = model.Summary();
        Assert.Contains("Total params: 11,187,138", summary);
        Assert.Contains("Trainable params: 1,026", summary);
        Assert.Contains("Non-trainable params: 11,186,112", summary);
        Assert.Equal(Body + Head, 11_187_138);
        Assert.Equal(Head, model.TrainableParameterCount);
        Assert.Equal(["avgpool", "head"], model.Info.Layers.Select(layer => layer.Name).TakeLast(2));
    }

    [Fact]
    public void CopyWeightsFrom_fills_the_reused_body_and_keeps_the_head()
    {
        var source = new ResNet18(seed: 3);
        var model = new ResNet18TwoClasses(seed: 2);
        float[] head = Slice(model, "head/kernel");

        model.CopyWeightsFrom(source);

        foreach (string tensor in new[] { "conv1/kernel", "bn1/gamma", "layer2_0_downsample_0/kernel", "layer4_1_bn2/moving_variance" })
            Assert.Equal(Slice(source, tensor), Slice(model, tensor));
        Assert.NotEqual(Slice(new ResNet18TwoClasses(seed: 2), "conv1/kernel"), Slice(model, "conv1/kernel"));
        Assert.Equal(head, Slice(model, "head/kernel"));
    }

    private static float[] Slice(SequentialModel model, string name)
    {
        var tensor = model.Info.Tensors.Single(t => t.Name == name);
        return model.Parameters.Slice(tensor.Offset, tensor.Length).ToArray();
    }
}
