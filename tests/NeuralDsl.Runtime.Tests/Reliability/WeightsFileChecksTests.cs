namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>
/// Issue 12, decided items: a weights file saved by another model class with the same tensors is refused (naming both
/// models) unless the caller says <c>allowOtherModel: true</c>; NaN or infinite weights are refused naming the tensor and the index; in
/// both cases the model's buffer is left as it was.
/// </summary>
public sealed class WeightsFileChecksTests : TempDirectory
{
    private static readonly SafeTensor[] Layout =
    [
        new("dense_0/kernel", [2, 3], 0, 6),
        new("dense_0/bias", [3], 6, 3),
    ];

    private string Save(string? model, params float[] values)
    {
        string path = PathOf("weights.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "neuraldsl" };
        if (model is not null) metadata[SafeTensors.ModelKey] = model;
        SafeTensors.Write(path, Layout, values, metadata);
        return path;
    }

    private static float[] Values() => [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Weights_of_the_same_model_load()
    {
        string path = Save("MnistMlp", Values());
        var buffer = new float[9];

        SafeTensors.ReadWeights(path, Layout, buffer, "MnistMlp");

        Assert.Equal(Values(), buffer);
    }

    [Fact]
    public void Weights_of_another_model_class_are_refused_naming_both()
    {
        string path = Save("Clothes", Values());
        var buffer = new float[9];

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadWeights(path, Layout, buffer, "Shoes"));

        Assert.StartsWith($"{path} holds weights saved by model 'Clothes' but is being loaded into model 'Shoes'", e.Message);
        Assert.Contains("the tensors have the same names and shapes, so pass allowOtherModel: true", e.Message);
        Assert.All(buffer, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Another_architecture_is_refused_for_its_tensors_even_when_allowed()
    {
        string path = Save("Clothes", Values());
        SafeTensor[] wider = [new("dense_0/kernel", [2, 4], 0, 8), new("dense_0/bias", [4], 8, 4)];

        foreach (bool allow in new[] { false, true })
        {
            var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadWeights(path, wider, new float[12], "Shoes", allow));

            Assert.Contains("dense_0/kernel: expected shape [2, 4] but the file has [2, 3]", e.Message);
        }
    }

    [Fact]
    public void Weights_of_another_model_class_load_when_allowed()
    {
        string path = Save("Clothes", Values());
        var buffer = new float[9];

        SafeTensors.ReadWeights(path, Layout, buffer, "Shoes", allowOtherModel: true);

        Assert.Equal(Values(), buffer);
    }

    [Fact]
    public void Files_that_name_no_model_load()
    {
        // Files from other tools (PyTorch, Keras) carry no "model" entry; their layout is still checked.
        string path = Save(null, Values());
        var buffer = new float[9];

        SafeTensors.ReadWeights(path, Layout, buffer, "MnistMlp");

        Assert.Equal(Values(), buffer);
    }

    [Theory]
    [InlineData(0, float.NaN, "dense_0/kernel", 0, 6, "NaN")]
    [InlineData(5, float.PositiveInfinity, "dense_0/kernel", 5, 6, "Infinity")]
    [InlineData(8, float.NegativeInfinity, "dense_0/bias", 2, 3, "-Infinity")]
    public void Non_finite_weights_are_refused_naming_tensor_and_index(int at, float value, string tensor, int index, int count, string shown)
    {
        float[] values = Values();
        values[at] = value;
        string path = Save("MnistMlp", values);
        float[] buffer = [.. Enumerable.Repeat(-1f, 9)];

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadWeights(path, Layout, buffer, "MnistMlp"));

        Assert.StartsWith($"{path}: tensor '{tensor}' value {index} (of {count}) is {shown}; weights must be finite", e.Message);
        Assert.All(buffer, v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void The_raw_reader_still_returns_non_finite_values_bit_exact()
    {
        // Inspecting a diverged checkpoint stays possible: only loading it into a model is refused.
        float[] values = Values();
        values[1] = float.NaN;
        string path = Save("MnistMlp", values);

        Assert.True(float.IsNaN(SafeTensors.Read(path).ReadTensor("dense_0/kernel")[1]));
    }
}
