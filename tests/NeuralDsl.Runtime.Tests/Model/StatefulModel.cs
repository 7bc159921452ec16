using NeuralDsl.Cpu;
using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.Model;

/// <summary>
/// A model written by hand as the generator would write one, small enough to follow every number: 2 inputs, 2 outputs,
/// mean squared error. Layer 0, <c>batch_normalization</c>, holds BatchNormalization's four tensors and computes
/// <c>gamma · x + beta</c>; in a training pass of a trainable layer its forward pass moves
/// <c>moving_mean ← 0.9 · moving_mean + 0.1 · batch mean of x</c> and <c>moving_variance</c> likewise with the batch's
/// (biased) variance, as BatchNormalization's forward pass does. Layer 1, <c>statistics</c>, holds state only: it passes its
/// input through and moves its <c>moving_mean</c> towards the batch mean of that input. Its backward pass writes the exact
/// gradients of gamma and beta and, on purpose, <see cref="StrayStateGradient"/> at every state position, which an optimizer
/// that stepped state would show at once. Its OpenCL passes (<see cref="StatefulOpenClPasses"/>) do the same on a device.
/// </summary>
internal sealed class StatefulModel : SequentialModel
{
    public const int Features = 2;
    public const float Momentum = 0.9f;
    public const float StrayStateGradient = 1000f;

    // Offsets of each tensor in the parameter buffer.
    public const int Gamma = 0, Beta = 2, MovingMean = 4, MovingVariance = 6, StatisticsMean = 8, ParameterCount = 10;

    public static readonly float[] InitialParameters = [1.5f, -0.5f, 0.25f, 0.125f, 0.1f, -0.2f, 0.9f, 1.1f, 0.3f, 0.4f];

    public StatefulModel(bool statisticsTrainable = true) : base(Layout(statisticsTrainable), seed: 1) { }

    public static ModelInfo Layout(bool statisticsTrainable = true) => new(
        Name: "stateful",
        InputShape: [Features],
        InputSize: Features,
        OutputSize: Features,
        ParameterCount: ParameterCount,
        Loss: Loss.MeanSquaredError,
        Metrics: Metric.None,
        Layers:
        [
            new LayerInfo("batch_normalization", "BatchNormalization", [Features], 8, [
                new SafeTensor("batch_normalization/gamma", [Features], Gamma, Features),
                new SafeTensor("batch_normalization/beta", [Features], Beta, Features),
                new SafeTensor("batch_normalization/moving_mean", [Features], MovingMean, Features, TensorRole.State),
                new SafeTensor("batch_normalization/moving_variance", [Features], MovingVariance, Features, Role: TensorRole.State),
            ]),
            new LayerInfo("statistics", "Statistics", [Features], 2, [
                new SafeTensor("statistics/moving_mean", [Features], StatisticsMean, Features, TensorRole.State),
            ], statisticsTrainable),
        ]);

    /// <summary>The generated <c>CopyWeightsFrom</c> of a model that reuses another's layers.</summary>
    public void CopyFrom(StatefulModel source, params string[] tensorNames) => CopyWeightsFrom(source, tensorNames);

    protected override void InitializeParameters(RandomSource random) => InitialParameters.CopyTo(Parameters);

    protected override CpuPasses CreateCpuPasses() => new Passes(this);

    protected override OpenClPasses OpenClPasses => StatefulOpenClPasses.Instance;

    private sealed class Passes(SequentialModel model) : CpuPasses(model)
    {
        private float[] _output = [], _outputGradient = [];

        public override void AllocateWorkspace(int rows)
        {
            _output = new float[rows * Features];
            _outputGradient = new float[rows * Features];
        }

        public override ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int rows, PassMode mode)
        {
            var p = Parameters;
            var output = _output.AsSpan(0, rows * Features);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < Features; j++)
                    output[r * Features + j] = p[Gamma + j] * x[r * Features + j] + p[Beta + j];
            // A frozen layer runs in inference mode, as Keras 3's BatchNormalization: its state does not move.
            if (mode != PassMode.Inference && Trains(0))
            {
                MoveTowards(p.Slice(MovingMean, Features), Mean(x, rows));
                MoveTowards(p.Slice(MovingVariance, Features), Variance(x, rows));
            }
            if (mode != PassMode.Inference && Trains(1)) MoveTowards(p.Slice(StatisticsMean, Features), Mean(output, rows));
            return output;
        }

        public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows)
        {
            // Mean squared error over rows × 2 values: dL/d(output) = 2 (output − y) / (2 rows).
            var gradient = _outputGradient.AsSpan(0, rows * Features);
            for (int e = 0; e < gradient.Length; e++) gradient[e] = (_output[e] - targets[e]) / rows;
            if (FirstTrainableLayer > 0) return; // the statistics layer has no weights: nothing else needs a gradient
            var g = Gradients;
            for (int j = 0; j < Features; j++)
            {
                double gamma = 0, beta = 0;
                for (int r = 0; r < rows; r++)
                {
                    gamma += gradient[r * Features + j] * x[r * Features + j];
                    beta += gradient[r * Features + j];
                }
                g[Gamma + j] = (float)gamma;
                g[Beta + j] = (float)beta;
            }
            g[MovingMean..ParameterCount].Fill(StrayStateGradient);
        }

        public override double Penalty() => 0;

        private static void MoveTowards(Span<float> moving, (float, float) batch)
        {
            moving[0] = Momentum * moving[0] + (1 - Momentum) * batch.Item1;
            moving[1] = Momentum * moving[1] + (1 - Momentum) * batch.Item2;
        }

        private static (float, float) Mean(ReadOnlySpan<float> values, int rows)
        {
            float first = 0, second = 0;
            for (int r = 0; r < rows; r++)
            {
                first += values[r * Features];
                second += values[r * Features + 1];
            }
            return (first / rows, second / rows);
        }

        private static (float, float) Variance(ReadOnlySpan<float> values, int rows)
        {
            var (mean0, mean1) = Mean(values, rows);
            float first = 0, second = 0;
            for (int r = 0; r < rows; r++)
            {
                first += (values[r * Features] - mean0) * (values[r * Features] - mean0);
                second += (values[r * Features + 1] - mean1) * (values[r * Features + 1] - mean1);
            }
            return (first / rows, second / rows);
        }
    }
}
