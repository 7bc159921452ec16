using NeuralDsl.Applications;
using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests.Onnx;

/// <summary>
/// ExportOnnx for every kind of layer, graphs, blocks and reused layers: ONNX Runtime runs the file and predicts what
/// Predict does (random weights with spread, BatchNormalization's statistics included), at batch 1 and 300; and every
/// exported file passes ONNX's own checker (Debian's python3-onnx, one process for all files).
/// </summary>
public sealed class OnnxExportTests
{
    /// <summary>Absolute tolerance on outputs of at most 1 in size (probabilities); relative above.</summary>
    private const double Tolerance = 1e-5;

    private static readonly Dictionary<string, Func<SequentialModel>> s_models = new()
    {
        // Dense, every activation, Dropout, the tutorial MLP.
        ["FashionMlp"] = () => new FashionMlp(seed: 1),
        ["ParityBits"] = () => new ParityBits(seed: 1),
        ["ActivationLayers"] = () => new ActivationLayers(seed: 1),
        ["MseRegression"] = () => new MseRegression(seed: 1),
        ["HiddenLeakyRelu"] = () => new HiddenLeakyRelu(seed: 1),
        ["HiddenSoftplus"] = () => new HiddenSoftplus(seed: 1),
        ["OnnxActivations"] = () => new OnnxActivations(seed: 1),
        // Conv2D: valid / same, strides, no bias, non-square kernels; pooling; Flatten from the input; an image output.
        ["ConvValidStride1"] = () => new ConvValidStride1(seed: 1),
        ["ConvSameStride2NoBias"] = () => new ConvSameStride2NoBias(seed: 1),
        ["ConvNonSquareStacked"] = () => new ConvNonSquareStacked(seed: 1),
        ["ConvMaxPoolSameStrided"] = () => new ConvMaxPoolSameStrided(seed: 1),
        ["ConvAveragePoolValid"] = () => new ConvAveragePoolValid(seed: 1),
        ["ConvAveragePoolSameDropout"] = () => new ConvAveragePoolSameDropout(seed: 1),
        ["ConvPoolPrefixConvOutput"] = () => new ConvPoolPrefixConvOutput(seed: 1),
        ["ConvFreeFlattenInput"] = () => new ConvFreeFlattenInput(seed: 1),
        ["ImageIdentity"] = () => new ImageIdentity(seed: 1),
        ["OnnxPooling"] = () => new OnnxPooling(seed: 1),
        ["OnnxFlatOutput"] = () => new OnnxFlatOutput(seed: 1),
        ["FashionCnn"] = () => new FashionCnnSample.FashionCnn(seed: 1),
        // Graphs: From, Add, Concatenate, BatchNormalization (vector, image, folded), ZeroPadding2D, global pooling,
        // augmentation, blocks, reused layers.
        ["GraphVectorResidual"] = () => new GraphVectorResidual(seed: 1),
        ["GraphBranchFromInput"] = () => new GraphBranchFromInput(seed: 1),
        ["GraphConcatenate"] = () => new GraphConcatenate(seed: 1),
        ["GraphBatchNormVector"] = () => new GraphBatchNormVector(seed: 1),
        ["GraphResidualBlock"] = () => new GraphResidualBlock(seed: 1),
        ["GraphProjectionShortcut"] = () => new GraphProjectionShortcut(seed: 1),
        ["GraphAugmentedInput"] = () => new GraphAugmentedInput(seed: 1),
        ["GraphAugmentationInside"] = () => new GraphAugmentationInside(seed: 1),
        ["GraphRepeatedBlock"] = () => new GraphRepeatedBlock(seed: 1),
        ["FoldedConvBatchNorm"] = () => new FoldedConvBatchNorm(seed: 1),
        ["FrozenBatchNormProbe"] = () => new FrozenBatchNormProbe(seed: 1),
        ["OnnxMixedLayouts"] = () => new OnnxMixedLayouts(seed: 1),
        ["OnnxVectorConcatenate"] = () => new OnnxVectorConcatenate(seed: 1),
        ["TransferHead"] = () => new TransferHead(seed: 1),
        ["ConvHead"] = () => new ConvHead(seed: 1),
        ["ResNet20V1"] = () => new Cifar10ResNet.ResNet20V1(seed: 1),
        // torchvision's ResNet-50 as shipped (Applications): 53 BatchNormalizations, bottlenecks, downsampling shortcuts.
        ["ResNet50"] = () => new ResNet50(seed: 1),
    };

    /// <summary>Models too slow for batch 300 on a CPU (seconds a row): batch 1 only.</summary>
    private static readonly HashSet<string> s_large = ["ResNet50"];

    public static TheoryData<string, int> ModelsAndBatches()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in s_models.Keys)
        {
            data.Add(name, 1);
            if (!s_large.Contains(name)) data.Add(name, 300);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndBatches))]
    public void OnnxRuntimePredictsWhatPredictDoes(string name, int rows)
    {
        var model = Create(name);
        string path = TempPath(name);
        try
        {
            model.ExportOnnx(path);
            float[] x = RandomInputs(rows * model.Info.InputSize, seed: rows);
            float[] expected = model.Predict(x);

            float[] actual = OnnxRuntimePrediction.Run(path, x, model.Info.InputShape);
            OnnxRuntimePrediction.AssertClose(expected, actual, Tolerance, model.Info.OutputSize, $"{name}, batch {rows}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EveryExportPassesOnnxChecker()
    {
        OnnxChecker.RequireInstalled();
        string directory = Directory.CreateTempSubdirectory("neuraldsl-onnx-").FullName;
        try
        {
            foreach (string name in s_models.Keys) Create(name).ExportOnnx(Path.Combine(directory, name + ".onnx"));
            OnnxChecker.CheckAll(directory, s_models.Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ExportRefusesAPathNotEndingInOnnx()
    {
        var model = new ParityBits(seed: 1);
        var e = Assert.Throws<ArgumentException>(() => model.ExportOnnx(TempPath("parity").Replace(".onnx", ".safetensors")));
        Assert.Contains("must end in .onnx", e.Message);
        Assert.Contains("Save(path)", e.Message);
    }

    [Theory]
    [InlineData("model.onnx", "ExportOnnx(path)")]
    [InlineData("model.ONNX", "ExportOnnx(path)")]
    [InlineData("weights.pt", "WeightLayout.PyTorch")]
    [InlineData("model.h5", "neither written nor read")]
    [InlineData("model.Keras", "neither written nor read")]
    public void SaveRefusesOtherToolsFormatsNamingTheRightCall(string file, string named)
    {
        var model = new ParityBits(seed: 1);
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + "-" + file);
        var e = Assert.Throws<ArgumentException>(() => model.Save(path));
        Assert.Contains(named, e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ExportRefusesNonFiniteWeightsAndWritesNothing()
    {
        var model = new ParityBits(seed: 1);
        model.Parameters[3] = float.NaN;
        string path = TempPath("nan");
        var e = Assert.Throws<InvalidOperationException>(() => model.ExportOnnx(path));
        Assert.Contains("dense/kernel[3]", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void FlattenBeforeDenseReordersTheKernelInsteadOfTransposingBack()
    {
        var model = Create("FashionCnn");
        var proto = NeuralDsl.Onnx.OnnxExporter.Build(model.Info, model.Parameters.ToArray());
        var ops = proto.Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(1, ops.Count(op => op == "Transpose")); // the input's NHWC → NCHW only
        Assert.DoesNotContain("Dropout", ops);
    }

    private static SequentialModel Create(string name)
    {
        var model = s_models[name]();
        Spread(model);
        return model;
    }

    /// <summary>Biases, gammas, betas and the moving statistics drawn with spread, so that none is a no-op.</summary>
    private static void Spread(SequentialModel model)
    {
        var random = new Random(7);
        float Uniform(double low, double high) => (float)(low + random.NextDouble() * (high - low));
        foreach (var tensor in model.Info.Tensors)
        {
            var values = model.Parameters.Slice(tensor.Offset, tensor.Length);
            string suffix = tensor.Name[(tensor.Name.LastIndexOf('/') + 1)..];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = suffix switch
                {
                    "kernel" => values[i] * Uniform(0.8, 1.6),
                    "gamma" => Uniform(0.5, 1.5),
                    "moving_variance" => Uniform(0.5, 2),
                    _ => Uniform(-0.5, 0.5),   // bias, beta, moving_mean
                };
            }
        }
    }

    private static float[] RandomInputs(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"neuraldsl-{name}-{Guid.NewGuid():N}.onnx");
}
