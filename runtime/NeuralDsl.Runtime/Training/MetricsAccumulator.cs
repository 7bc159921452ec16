using NeuralDsl.Cpu;

namespace NeuralDsl;

/// <summary>
/// Running loss and confusion counts over the batches of an epoch or an evaluation. Binary models
/// threshold every output at 0.5; categorical models compare the arg-max of prediction and target.
/// </summary>
internal sealed class MetricsAccumulator
{
    private readonly Loss _loss;
    private readonly bool _binary;
    private readonly int _classes;
    private readonly string[] _names;

    public MetricsAccumulator(ModelInfo info)
    {
        _loss = info.Loss;
        _binary = info.IsBinary;
        _classes = _binary ? 1 : info.OutputSize;
        Sums = new MetricSums(_classes);
        _names = [.. LogNames.Training(info.Metrics)];
    }

    /// <summary>The raw sums the values are computed from; a backend that counts elsewhere (a device) writes its totals here.</summary>
    public MetricSums Sums { get; }

    public void Reset() => Sums.Clear();

    /// <summary>
    /// The loss a batch reports, on every backend and in every call (training steps, validation, Evaluate,
    /// ComputeLoss): the batch mean of the per-row loss plus the regularization <paramref name="penalty"/>, as Keras.
    /// </summary>
    public static double MeanLoss(Loss loss, ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows, double penalty) =>
        LossMath.Sum(loss, output, targets, rows, output.Length / rows) / rows + penalty;

    /// <summary>Adds a batch's loss (<see cref="MeanLoss"/>, weighted by its rows so the epoch's value is Keras's running
    /// mean) and its confusion counts; returns the batch's mean loss.</summary>
    public double Add(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows, double penalty)
    {
        double loss = MeanLoss(_loss, output, targets, rows, penalty);
        Sums.LossSum += loss * rows;
        Sums.Rows += rows;
        if (_binary) AddBinary(output, targets, output.Length);
        else AddCategorical(output, targets, rows);
        return loss;
    }

    private void AddBinary(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int n)
    {
        long correct = 0, truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (int i = 0; i < n; i++)
        {
            bool predicted = output[i] > 0.5f, actual = targets[i] > 0.5f;
            if (predicted == actual) correct++;
            if (predicted && actual) truePositives++;
            else if (predicted) falsePositives++;
            else if (actual) falseNegatives++;
        }
        Sums.Correct += correct;
        Sums.Count += n;
        Sums.TruePositives[0] += truePositives;
        Sums.FalsePositives[0] += falsePositives;
        Sums.FalseNegatives[0] += falseNegatives;
    }

    private void AddCategorical(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows)
    {
        Span<double> truePositives = Sums.TruePositives, falsePositives = Sums.FalsePositives, falseNegatives = Sums.FalseNegatives;
        long correct = 0;
        for (int r = 0; r < rows; r++)
        {
            int predicted = ArgMax(output.Slice(r * _classes, _classes));
            int actual = ArgMax(targets.Slice(r * _classes, _classes));
            if (predicted == actual)
            {
                correct++;
                truePositives[actual]++;
            }
            else
            {
                falsePositives[predicted]++;
                falseNegatives[actual]++;
            }
        }
        Sums.Correct += correct;
        Sums.Count += rows;
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++) if (values[j] > values[best]) best = j;
        return best;
    }

    public float Loss => Sums.Rows == 0 ? float.NaN : (float)(Sums.LossSum / Sums.Rows);
    public float Accuracy => Sums.Count == 0 ? float.NaN : (float)Sums.Correct / (float)Sums.Count;

    /// <summary>Binary: TP / (TP + FP). Categorical: mean over the classes that were predicted at least once.</summary>
    public float Precision => Average(Sums.FalsePositives);

    /// <summary>Binary: TP / (TP + FN). Categorical: mean over the classes that occur in the targets.</summary>
    public float Recall => Average(Sums.FalseNegatives);

    private float Average(ReadOnlySpan<double> misses)
    {
        ReadOnlySpan<double> truePositives = Sums.TruePositives;
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < _classes; c++)
        {
            double denominator = truePositives[c] + misses[c];
            if (denominator == 0) continue;
            sum += truePositives[c] / denominator;
            classes++;
        }
        return classes == 0 ? 0f : (float)(sum / classes);
    }

    /// <summary>Writes the metrics the model asked for under Keras's names (<see cref="LogNames.Training"/>), with an
    /// optional prefix such as <c>val_</c>. With no prefix it allocates nothing once the dictionary holds the names.</summary>
    public void WriteTo(Dictionary<string, float> metrics, string prefix)
    {
        foreach (string name in _names) metrics[prefix + name] = Value(name);
    }

    private float Value(string name) => name switch
    {
        LogNames.Loss => Loss,
        LogNames.Accuracy => Accuracy,
        LogNames.Precision => Precision,
        LogNames.Recall => Recall,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a metric this accumulator counts."),
    };

    public Evaluation ToEvaluation() => new(Loss, Accuracy, Precision, Recall);
}
