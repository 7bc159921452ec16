using System.Globalization;
using System.Text;
using NeuralDsl.Runtime.Tests.Reliability;

namespace NeuralDsl.Runtime.Tests.Io;

/// <summary><see cref="WeightLayout.PyTorch"/> on hand-worked files: names mapped, OIHW → HWIO and [out, in] → [in, out]
/// worked out by hand, num_batches_tracked ignored, every mismatch naming both sides, and nothing loaded unless all passes.</summary>
public sealed class PyTorchWeightsTests : TempDirectory
{
    // The model: a Conv2D "c_1" (2×1 kernel, 2 input channels, 3 filters, no bias), a BatchNormalization "bn" of 3 channels,
    // a Dense "fc" of 3 inputs and 2 units.
    private static readonly SafeTensor[] Model =
    [
        new("c_1/kernel", [2, 1, 2, 3], 0, 12),
        new("bn/gamma", [3], 12, 3),
        new("bn/beta", [3], 15, 3),
        new("bn/moving_mean", [3], 18, 3, TensorRole.State),
        new("bn/moving_variance", [3], 21, 3, TensorRole.State),
        new("fc/kernel", [3, 2], 24, 6),
        new("fc/bias", [2], 30, 2),
    ];

    private const int BufferLength = 32;

    // PyTorch's weight[o, i, y, x] = ((o·2 + i)·2 + y) (x is 0): model[y, x, i, o] in HWIO order, by hand.
    private static readonly float[] ConvOihw = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly float[] ConvHwio = [0, 4, 8, 2, 6, 10, 1, 5, 9, 3, 7, 11];

    // Linear weight[u, i] = u·3 + i; the kernel [i, u].
    private static readonly float[] LinearOutIn = [0, 1, 2, 3, 4, 5];
    private static readonly float[] DenseInOut = [0, 3, 1, 4, 2, 5];

    private sealed record FileTensor(string Name, int[] Shape, float[]? Values, string DType = "F32");

    private static List<FileTensor> TorchStateDict() =>
    [
        new("c.1.weight", [3, 2, 2, 1], ConvOihw),
        new("bn.weight", [3], [1.5f, 2f, 2.5f]),
        new("bn.bias", [3], [-1f, 0f, 1f]),
        new("bn.running_mean", [3], [0.25f, 0.5f, 0.75f]),
        new("bn.running_var", [3], [4f, 5f, 6f]),
        new("bn.num_batches_tracked", [], null, "I64"),
        new("fc.weight", [2, 3], LinearOutIn),
        new("fc.bias", [2], [7f, 8f]),
    ];

    private static readonly float[] Loaded =
        [.. ConvHwio, 1.5f, 2f, 2.5f, -1f, 0f, 1f, 0.25f, 0.5f, 0.75f, 4f, 5f, 6f, .. DenseInOut, 7f, 8f];

    /// <summary>Writes the tensors as safetensors by hand: header JSON, then the data in order (an I64 scalar as 8 bytes).</summary>
    private string Write(IEnumerable<FileTensor> tensors, string name = "torch.safetensors")
    {
        var header = new StringBuilder("{");
        var data = new List<byte>();
        foreach (var tensor in tensors)
        {
            byte[] bytes = tensor.Values is { } values ? RawSafeTensors.Floats(values) : new byte[8];
            if (header.Length > 1) header.Append(',');
            header.Append(CultureInfo.InvariantCulture,
                $"\"{tensor.Name}\":{{\"dtype\":\"{tensor.DType}\",\"shape\":[{string.Join(",", tensor.Shape)}],\"data_offsets\":[{data.Count},{data.Count + bytes.Length}]}}");
            data.AddRange(bytes);
        }
        string path = PathOf(name);
        File.WriteAllBytes(path, RawSafeTensors.Build(header.Append('}').ToString(), data.ToArray()));
        return path;
    }

    private static float[] Untouched() => Enumerable.Repeat(-3f, BufferLength).ToArray();

    [Fact]
    public void Strict_loads_a_state_dict_converting_kernels_and_ignoring_num_batches_tracked()
    {
        string path = Write(TorchStateDict());
        var buffer = Untouched();

        var report = PyTorchWeights.Read(path, Model, buffer, strict: true);

        Assert.Equal(Loaded, buffer);
        Assert.Equal(Model.Select(t => t.Name), report.Loaded);
        Assert.Empty(report.NotLoaded);
        Assert.Empty(report.Unused);
        Assert.Equal(["bn.num_batches_tracked"], report.Ignored);
        Assert.EndsWith("; ignored 1: bn.num_batches_tracked", report.ToString());
    }

    [Fact]
    public void By_name_loads_what_maps_and_reports_the_rest()
    {
        var tensors = TorchStateDict().Where(t => t.Name != "fc.bias").ToList();
        tensors.Add(new("head.weight", [5, 3], new float[15]));
        string path = Write(tensors);
        var buffer = Untouched();

        var report = PyTorchWeights.Read(path, Model, buffer, strict: false);

        Assert.Equal([.. Loaded[..30], -3f, -3f], buffer);
        Assert.Equal(Model.Select(t => t.Name).Where(n => n != "fc/bias"), report.Loaded);
        Assert.Equal(["fc/bias (not in the file, where PyTorch would name it 'fc.bias')"], report.NotLoaded);
        Assert.Equal(["head.weight"], report.Unused);
        Assert.Equal(["bn.num_batches_tracked"], report.Ignored);
    }

    [Fact]
    public void Strict_refuses_a_missing_tensor_naming_it_both_ways()
    {
        string path = Write(TorchStateDict().Where(t => t.Name != "bn.running_var"));
        var buffer = Untouched();

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Read(path, Model, buffer, strict: true));

        Assert.Contains(path, error.Message);
        Assert.Contains("bn/moving_variance [3] (as 'bn.running_var')", error.Message);
        Assert.Equal(Untouched(), buffer);
    }

    [Fact]
    public void Strict_refuses_a_tensor_that_maps_to_nothing_such_as_a_conv_bias_the_model_lacks()
    {
        var tensors = TorchStateDict();
        tensors.Add(new("c.1.bias", [3], [1f, 2f, 3f]));
        string path = Write(tensors);
        var buffer = Untouched();

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Read(path, Model, buffer, strict: true));

        Assert.Contains(path, error.Message);
        Assert.Contains("1 file tensor(s) map to no model tensor: c.1.bias [3]", error.Message);
        Assert.Equal(Untouched(), buffer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_shape_mismatch_fails_the_whole_load_naming_both_sides(bool strict)
    {
        // A kernel saved in the model's own HWIO order, as if it were PyTorch's.
        var tensors = TorchStateDict().Select(t => t.Name == "c.1.weight" ? t with { Shape = [2, 1, 2, 3] } : t);
        string path = Write(tensors);
        var buffer = Untouched();

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Read(path, Model, buffer, strict));

        Assert.Contains(path, error.Message);
        Assert.Contains("file tensor 'c.1.weight' [2, 1, 2, 3] (OIHW) does not fit model tensor 'c_1/kernel' [2, 1, 2, 3] (HWIO), which the file would hold as [3, 2, 2, 1]",
            error.Message);
        Assert.Equal(Untouched(), buffer);
    }

    [Fact]
    public void A_linear_weight_of_the_wrong_width_names_the_layouts()
    {
        var tensors = TorchStateDict().Select(t => t.Name == "fc.weight" ? t with { Shape = [3, 2] } : t);
        string path = Write(tensors);

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Read(path, Model, Untouched(), strict: false));

        Assert.Contains("file tensor 'fc.weight' [3, 2] ([out, in]) does not fit model tensor 'fc/kernel' [3, 2] ([in, out]), which the file would hold as [2, 3]",
            error.Message);
    }

    [Fact]
    public void A_non_finite_value_is_refused_naming_the_file_tensor_and_nothing_is_loaded()
    {
        var tensors = TorchStateDict().Select(t => t.Name == "fc.weight" ? t with { Values = [0, 1, 2, float.NaN, 4, 5] } : t);
        string path = Write(tensors);
        var buffer = Untouched();

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Read(path, Model, buffer, strict: false));

        Assert.Contains("tensor 'fc.weight' (for fc/kernel) value 3 (of 6) is NaN", error.Message);
        Assert.Equal(Untouched(), buffer);
    }

    [Fact]
    public void Two_file_tensors_for_one_model_tensor_are_refused()
    {
        var tensors = TorchStateDict();
        tensors.Add(new("c_1.weight", [3, 2, 2, 1], ConvOihw));
        string path = Write(tensors);

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Read(path, Model, Untouched(), strict: false));

        Assert.Contains("file tensors 'c.1.weight' and 'c_1.weight' both map to model tensor 'c_1/kernel'", error.Message);
    }

    [Fact]
    public void The_name_pytorch_would_give_a_tensor_reads_underscores_as_dots()
    {
        Assert.Equal("layer1.0.downsample.0.weight", PyTorchWeights.PyTorchName("layer1_0_downsample_0/kernel"));
        Assert.Equal("bn1.running_var", PyTorchWeights.PyTorchName("bn1/moving_variance"));
    }
}
