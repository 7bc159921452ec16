using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests.Transfer;

/// <summary>
/// What a reused, frozen model is: its layers and names, exact gradients for the trainable tensors (finite differences,
/// and equal to those of the same model with nothing frozen) and none for the frozen ones, SetTrainable's checks, the
/// summary's counts, and the two ways weights come over: the typed CopyWeightsFrom and loading by name.
/// </summary>
public sealed class TransferTests
{
    [Fact]
    public void A_reused_model_starts_with_the_source_input_and_layers_by_name()
    {
        var head = new TransferHead(seed: 1);
        Assert.Equal(TransferBase.InputSize, TransferHead.InputSize);
        Assert.Equal(["dense", "features", "new_head"], head.Info.Layers.Select(layer => layer.Name));
        Assert.Equal(["dense/kernel", "dense/bias", "features/kernel", "features/bias", "new_head/kernel", "new_head/bias"],
            head.Info.Tensors.Select(t => t.Name));
        Assert.False(head.IsTrainable("dense"));
        Assert.False(head.IsTrainable("features"));
        Assert.True(head.IsTrainable("new_head"));
        Assert.Equal(4 * 5 + 4, head.TrainableParameterCount);

        var conv = new ConvHead(seed: 1);
        Assert.Equal(["conv_a", "max_pooling2d", "conv_b", "flatten", "dense", "dropout", "dense_1"], conv.Info.Layers.Select(layer => layer.Name));
    }

    public static TheoryData<string> FrozenModels() => new(["middle frozen", "conv head"]);

    // (A convolution under a frozen one is checked against the same model with nothing frozen, below: finite differences
    // through its ReLU and max pooling would cross kinks.)
    private static SequentialModel Frozen(string name) => name == "middle frozen" ? new MiddleFrozen(seed: 31) : new ConvHead(seed: 32);

    [Theory]
    [MemberData(nameof(FrozenModels))]
    public void Trainable_tensors_get_exact_gradients_and_frozen_ones_none(string name)
    {
        var model = Frozen(name);
        var (x, y) = GradientCheckTests.Batch(model.Info, 5, seed: 11);
        var frozen = Ranges(model, TransferTrainingTests.FrozenTensors(model));

        FiniteDifferences.AssertGradientsMatch(model, x, y, checks: i => !frozen.Any(r => r.Contains(i)));

        foreach (var range in frozen)
            Assert.All(model.Gradients[range.Start..range.End].ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Freezing_a_layer_leaves_the_gradients_of_the_others_unchanged()
    {
        var frozen = new MiddleFrozen(seed: 34);
        var trainable = new MiddleTrainable(seed: 34);
        Assert.Equal(trainable.Parameters.ToArray(), frozen.Parameters.ToArray());
        var (x, y) = GradientCheckTests.Batch(frozen.Info, 9, seed: 12);

        Assert.Equal(trainable.ComputeGradients(x, y), frozen.ComputeGradients(x, y));

        foreach (var tensor in frozen.Info.Tensors)
        {
            var mine = frozen.Gradients.Slice(tensor.Offset, tensor.Length).ToArray();
            if (tensor.Name.StartsWith("dense_1/", StringComparison.Ordinal)) Assert.All(mine, g => Assert.Equal(0f, g));
            else Assert.Equal(trainable.Gradients.Slice(tensor.Offset, tensor.Length).ToArray(), mine);
        }
    }

    [Fact]
    public void A_conv_layer_under_a_frozen_one_gets_the_gradient_it_gets_when_nothing_is_frozen()
    {
        var partly = new ConvHead(seed: 36);
        var fully = new ConvHead(seed: 36);
        partly.SetTrainable("conv_a", true);
        foreach (string layer in new[] { "conv_a", "conv_b" }) fully.SetTrainable(layer, true);
        var (x, y) = GradientCheckTests.Batch(partly.Info, 6, seed: 14);
        partly.ComputeGradients(x, y);
        partly.FreezeDropoutMasks = true;
        fully.ComputeGradients(x, y);
        fully.FreezeDropoutMasks = true;
        partly.ComputeGradients(x, y);
        fully.ComputeGradients(x, y);

        foreach (var tensor in partly.Info.Tensors.Where(t => !t.Name.StartsWith("conv_b/", StringComparison.Ordinal)))
            Assert.Equal(fully.Gradients.Slice(tensor.Offset, tensor.Length).ToArray(), partly.Gradients.Slice(tensor.Offset, tensor.Length).ToArray());
        var convB = partly.Info.Tensors.First(t => t.Name == "conv_b/kernel");
        Assert.All(partly.Gradients.Slice(convB.Offset, convB.Length).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void SetTrainable_names_the_layers_when_it_does_not_know_one()
    {
        var model = new TransferHead(seed: 2);
        var error = Assert.Throws<ArgumentException>(() => model.SetTrainable("dense_9", true));
        Assert.Contains("transfer_head has no layer named 'dense_9'; its layers are dense, features, new_head", error.Message);
        Assert.Throws<ArgumentException>(() => model.IsTrainable("nothing"));
    }

    [Fact]
    public void Freezing_clears_the_layer_gradients_and_unfreezing_counts_it_again()
    {
        var model = new MiddleTrainable(seed: 35);
        var (x, y) = GradientCheckTests.Batch(model.Info, 4, seed: 13);
        model.ComputeGradients(x, y);
        var kernel = model.Info.Tensors.Single(t => t.Name == "dense/kernel");
        Assert.Contains(model.Gradients.Slice(kernel.Offset, kernel.Length).ToArray(), g => g != 0);
        int all = model.TrainableParameterCount;

        model.SetTrainable("dense", false);
        Assert.All(model.Gradients.Slice(kernel.Offset, kernel.Length).ToArray(), g => Assert.Equal(0f, g));
        Assert.Equal(all - (6 * 8 + 8), model.TrainableParameterCount);

        model.SetTrainable("dense", true);
        Assert.Equal(all, model.TrainableParameterCount);
        model.ComputeGradients(x, y);
        Assert.Contains(model.Gradients.Slice(kernel.Offset, kernel.Length).ToArray(), g => g != 0);
    }

    [Fact]
    public void Summary_counts_trainable_and_non_trainable_params_and_marks_frozen_layers()
    {
        string summary = new TransferHead(seed: 3).Summary();
        int frozen = 6 * 8 + 8 + 8 * 5 + 5, trainable = 5 * 4 + 4;
        Assert.Contains($"Total params: {frozen + trainable}", summary);
        Assert.Contains($"Trainable params: {trainable}", summary);
        Assert.Contains($"Non-trainable params: {frozen}", summary);
        string[] lines = summary.Split('\n');
        Assert.Contains("Trainable", lines.Single(line => line.Contains("Layer (type)")));
        Assert.EndsWith("N", lines.Single(line => line.Contains("features (Dense)")).TrimEnd());
        Assert.EndsWith("Y", lines.Single(line => line.Contains("new_head (Dense)")).TrimEnd());

        string plain = new TransferBase(seed: 3).Summary();
        Assert.DoesNotContain("Trainable ", plain.Split('\n').Single(line => line.Contains("Layer (type)")));
        Assert.Contains("Non-trainable params: 0", plain);
    }

    [Fact]
    public void CopyWeightsFrom_copies_the_reused_tensors_and_keeps_the_head()
    {
        var source = new TransferBase(seed: 4);
        var head = new TransferHead(seed: 5);
        float[] before = head.Parameters.ToArray();

        head.CopyWeightsFrom(source);

        var from = source.Info.Tensors.ToDictionary(t => t.Name);
        foreach (var tensor in head.Info.Tensors)
        {
            var now = head.Parameters.Slice(tensor.Offset, tensor.Length).ToArray();
            if (tensor.Name.StartsWith("new_head/", StringComparison.Ordinal))
                Assert.Equal(before.AsSpan(tensor.Offset, tensor.Length).ToArray(), now);
            else Assert.Equal(source.Parameters.Slice(from[tensor.Name].Offset, tensor.Length).ToArray(), now);
        }

        var convSource = new ConvBase(seed: 6);
        var convHead = new ConvHead(seed: 7);
        convHead.CopyWeightsFrom(convSource);
        var convKernel = convHead.Info.Tensors.Single(t => t.Name == "conv_b/kernel");
        var sourceKernel = convSource.Info.Tensors.Single(t => t.Name == "conv_b/kernel");
        Assert.Equal(convSource.Parameters.Slice(sourceKernel.Offset, sourceKernel.Length).ToArray(),
            convHead.Parameters.Slice(convKernel.Offset, convKernel.Length).ToArray());
    }

    [Fact]
    public void LoadWeights_by_name_fills_the_matching_tensors_and_reports_the_rest()
    {
        string directory = Directory.CreateTempSubdirectory("neuraldsl-transfer-").FullName;
        try
        {
            string path = Path.Combine(directory, "base.safetensors");
            var source = new TransferBase(seed: 8);
            source.Save(path);
            var head = new TransferHead(seed: 9);
            float[] before = head.Parameters.ToArray();

            Assert.Throws<InvalidDataException>(() => head.LoadWeights(path));
            Assert.Equal(before, head.Parameters.ToArray()); // the strict load changed nothing

            var report = head.LoadWeights(path, WeightMatching.ByName);

            Assert.Equal(["dense/kernel", "dense/bias", "features/kernel", "features/bias"], report.Loaded);
            Assert.Equal(["new_head/kernel (not in the file)", "new_head/bias (not in the file)"], report.NotLoaded);
            Assert.Equal(["dense_1/kernel", "dense_1/bias"], report.Unused);
            var copied = new TransferHead(seed: 9);
            copied.CopyWeightsFrom(source);
            Assert.Equal(copied.Parameters.ToArray(), head.Parameters.ToArray());

            // A name that matches with another shape is left alone and reported.
            var conv = new ConvHead(seed: 10);
            var convSource = new ConvBase(seed: 11);
            string convPath = Path.Combine(directory, "conv.safetensors");
            convSource.Save(convPath);
            var convReport = conv.LoadWeights(convPath, WeightMatching.ByName);
            Assert.Contains("dense/kernel (the file's is [27, 3], the model's [27, 6])", convReport.NotLoaded);
            Assert.Contains("conv_a/kernel", convReport.Loaded);
            Assert.Equal(["dense/kernel", "dense/bias"], convReport.Unused);

            Assert.Equal(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"], source.LoadWeights(path, WeightMatching.Strict).Loaded.Where(n => n.StartsWith("dense", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void LoadWeights_by_name_refuses_non_finite_values_and_changes_nothing(float bad)
    {
        // The report: ByName loaded NaN and infinities silently, tensor by tensor, while the strict load refused them.
        string directory = Directory.CreateTempSubdirectory("neuraldsl-transfer-").FullName;
        try
        {
            var source = new TransferBase(seed: 8);
            var tensors = source.Info.Tensors.ToArray();
            var last = tensors.Single(t => t.Name == "features/bias"); // read after dense/kernel, which must stay untouched
            float[] values = source.Parameters.ToArray();
            values[last.Offset + 2] = bad;
            string path = Path.Combine(directory, "bad.safetensors");
            SafeTensors.Write(path, tensors, values);
            var head = new TransferHead(seed: 9);
            float[] before = head.Parameters.ToArray();

            var error = Assert.Throws<InvalidDataException>(() => head.LoadWeights(path, WeightMatching.ByName));

            Assert.Contains("tensor 'features/bias' value 2", error.Message);
            Assert.Contains(path, error.Message);
            Assert.Equal(before, head.Parameters.ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<Range> Ranges(SequentialModel model, HashSet<string> tensors) =>
        model.Info.Tensors.Where(t => tensors.Contains(t.Name)).Select(t => new Range(t.Offset, t.Offset + t.Length)).ToList();
}

internal static class RangeExtensions
{
    public static bool Contains(this Range range, int index) => index >= range.Start.Value && index < range.End.Value;
}
