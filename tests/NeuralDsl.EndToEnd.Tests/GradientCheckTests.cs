using NeuralDsl.Cpu;
using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>
/// The generated backward pass of every model in Models/GradientCheckModels.cs agrees with central finite
/// differences of the generated forward pass (loss plus regularization), parameter by parameter.
/// </summary>
public class GradientCheckTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Factories.Keys)
            foreach (int rows in new[] { 1, 7 })
                data.Add(name, rows);
        return data;
    }

    internal static readonly Dictionary<string, Func<SequentialModel>> Factories = new()
    {
        ["linear"] = () => new HiddenLinear(seed: 1),
        ["relu"] = () => new HiddenRelu(seed: 2),
        ["leaky_relu"] = () => new HiddenLeakyRelu(seed: 3),
        ["elu"] = () => new HiddenElu(seed: 4),
        ["sigmoid"] = () => new HiddenSigmoid(seed: 5),
        ["tanh"] = () => new HiddenTanh(seed: 6),
        ["softplus"] = () => new HiddenSoftplus(seed: 7),
        ["activation layers and inner softmax"] = () => new ActivationLayers(seed: 8),
        ["mse"] = () => new MseRegression(seed: 9),
        ["mae"] = () => new MaeRegression(seed: 10),
        ["softmax + categorical cross-entropy"] = () => new SoftmaxClassifier(seed: 11),
        ["softmax layer + categorical cross-entropy"] = () => new SoftmaxLayerClassifier(seed: 12),
        ["sigmoid + categorical cross-entropy (unfused)"] = () => new UnfusedCrossentropy(seed: 13),
        ["sparse categorical cross-entropy"] = () => new SparseClassifier(seed: 14),
        ["dropout with a fixed mask"] = () => new WithDropout(seed: 15),
        ["l1, l2 and l1l2 regularizers"] = () => new Regularized(seed: 16),
        ["dense without bias"] = () => new WithoutBias(seed: 17),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardMatchesFiniteDifferences(string name, int rows)
    {
        var model = Factories[name]();
        var (x, y) = Batch(model.Info, rows, seed: name.Length * 31 + rows);
        FiniteDifferences.AssertGradientsMatch(model, x, y);
    }

    /// <summary>Random inputs in [−1, 1] and targets that fit the loss.</summary>
    internal static (float[] X, float[] Y) Batch(ModelInfo info, int rows, int seed)
    {
        var random = new RandomSource((ulong)seed);
        var x = new float[rows * info.InputSize];
        foreach (ref float v in x.AsSpan()) v = 2 * random.NextFloat() - 1;
        int width = info.OutputSize;
        float[] y;
        switch (info.Loss)
        {
            case Loss.SparseCategoricalCrossentropy:
                y = new float[rows];
                for (int r = 0; r < rows; r++) y[r] = random.NextInt(width);
                break;
            case Loss.CategoricalCrossentropy:
                y = new float[rows * width];
                for (int r = 0; r < rows; r++) y[r * width + random.NextInt(width)] = 1;
                break;
            case Loss.BinaryCrossentropy:
                y = new float[rows * width];
                foreach (ref float v in y.AsSpan()) v = random.NextInt(2);
                break;
            default:
                y = new float[rows * width];
                foreach (ref float v in y.AsSpan()) v = 2 * random.NextFloat() - 1;
                break;
        }
        return (x, y);
    }
}
