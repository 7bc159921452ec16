using System.Diagnostics;
using System.Globalization;
using NeuralDsl;

/// <summary>
/// The first tutorial's recipe with a network pretrained on ImageNet: torchvision's ResNet-50 (a state_dict saved as
/// safetensors, or timm's <c>model.safetensors</c>, which has the same names) through its global pooling, frozen, under a new
/// head, trained on a few dozen Fashion-MNIST images of three classes resized to 224×224; without a weights file, the
/// same steps on random weights.
/// </summary>
internal static class ResNetTransfer
{
    /// <summary>The Fashion-MNIST classes of the new task, relabelled 0, 1, 2 in this order.</summary>
    private static readonly int[] Classes = [0, 1, 2];

    /// <summary>Runs the steps; 0 on success, 1 when the weights file cannot be used (the error names it).</summary>
    public static int Run(string? weights, int trainImages, int testImages, int epochs, Device device)
    {
        var clock = Stopwatch.StartNew();
        var model = new ClothesOnResNet50(seed: 7);
        if (weights is null)
        {
            Console.WriteLine("No --weights given: the steps below run on random weights (accuracy near chance).");
            Console.WriteLine(ResNet50Weights.WhereToGet);
            Console.WriteLine("then: dotnet run -c Release --project samples/TransferLearning -- --weights resnet50.safetensors");
        }
        else
        {
            Console.WriteLine($"1. ResNet-50 weights from {weights} (PyTorch layout, by name)");
            if (ResNet50Weights.Load(model, weights, newHead: "head") is not { } report) return 1;
            Console.WriteLine($"   loaded {report.Loaded.Count} tensors; not loaded (the new head): {string.Join(", ", report.NotLoaded)}");
            Console.WriteLine($"   unused (ImageNet's classifier): {string.Join(", ", report.Unused)}; ignored: {report.Ignored.Count} num_batches_tracked");
        }
        model.UseDevice(device);

        var (train, test) = FashionMnist.Load();
        var (trainX, trainY) = Select(train, trainImages);
        var (testX, testY) = Select(test, testImages);
        string names = string.Join(", ", Classes.Select(c => FashionMnist.ClassNames[c]));
        Console.WriteLine($"2. Frozen ResNet-50 through avgpool under a new head: {Quantity.Of(trainY.Length, "image")} of {names}, " +
            $"resized to 224x224, {Quantity.Of(epochs, "epoch")}");
        // The summary's totals (its 170-odd layer lines are ResNet-50's).
        foreach (string line in model.Summary().Split('\n').Where(line => line.Contains(" params: ", StringComparison.Ordinal))) Console.WriteLine(line.TrimEnd());
        var history = model.Fit(trainX, trainY, new FitOptions { Epochs = epochs, BatchSize = 16, Optimizer = new Adam(), Verbose = Verbosity.Silent });
        var evaluating = Stopwatch.StartNew();
        var evaluation = model.Evaluate(testX, testY);
        double evaluationSeconds = evaluating.Elapsed.TotalSeconds;

        Console.WriteLine();
        Console.WriteLine(Text($"Test accuracy on {Quantity.Of(testY.Length, "image")} of the three classes: {Percent.Of(evaluation.Accuracy)} (loss {evaluation.Loss:0.000})"));
        string epochSeconds = string.Join(", ", history.EpochSeconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)));
        Console.WriteLine(Text($"Epochs over {Quantity.Of(trainY.Length, "image")}: {epochSeconds} s; evaluation {evaluationSeconds:0.0} s; {clock.Elapsed.TotalSeconds:0} s in all"));
        return 0;
    }

    /// <summary>The first <paramref name="limit"/> images of <see cref="Classes"/>, taken in turn from each class, as
    /// ImageNet input, with labels 0, 1, 2.</summary>
    private static (float[] X, int[] Labels) Select(LabeledData data, int limit)
    {
        var rows = new List<int>();
        var next = new int[Classes.Length];
        while (rows.Count < limit)
        {
            int c = rows.Count % Classes.Length;
            while (next[c] < data.Rows && data.Labels[next[c]] != Classes[c]) next[c]++;
            if (next[c] == data.Rows) break;
            rows.Add(next[c]++);
        }
        int size = data.FeatureSize;
        var gray = new float[rows.Count * size];
        for (int i = 0; i < rows.Count; i++) data.Features.AsSpan(rows[i] * size, size).CopyTo(gray.AsSpan(i * size, size));
        var labels = rows.Select(r => Array.IndexOf(Classes, data.Labels[r])).ToArray();
        return (ImageNetInput.FromGrayscale(gray, side: 28, rows.Count), labels);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>torchvision's ResNet-50 through its global pooling, frozen, under a new head for three classes.</summary>
[Model(Loss = Loss.SparseCategoricalCrossentropy)]
[Reuse(typeof(NeuralDsl.Applications.ResNet50), Through = "avgpool", Trainable = false)]
[Dense(3, Activation.Softmax, Name = "head")]
public partial class ClothesOnResNet50;
