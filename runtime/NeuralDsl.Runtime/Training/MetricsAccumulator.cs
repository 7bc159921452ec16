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
    private readonly long[] _truePositives, _falsePositives, _falseNegatives;
    private readonly string[] _names;
    private long _correct, _count, _rows;
    private double _lossSum;

    public MetricsAccumulator(ModelInfo info)
    {
        _loss = info.Loss;
        _binary = info.IsBinary;
        _classes = _binary ? 1 : info.OutputSize;
        _truePositives = new long[_classes];
        _falsePositives = new long[_classes];
        _falseNegatives = new long[_classes];
        _names = [.. LogNames.Training(info.Metrics)];
    }

    public void Reset()
    {
        Array.Clear(_truePositives);
        Array.Clear(_falsePositives);
        Array.Clear(_falseNegatives);
        _correct = _count = _rows = 0;
        _lossSum = 0;
    }

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
        _lossSum += loss * rows;
        _rows += rows;
        if (_binary) AddBinary(output, targets, output.Length);
        else AddCategorical(output, targets, rows);
        return loss;
    }

    private void AddBinary(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int n)
    {
        for (int i = 0; i < n; i++)
        {
            bool predicted = output[i] > 0.5f, actual = targets[i] > 0.5f;
            if (predicted == actual) _correct++;
            if (predicted && actual) _truePositives[0]++;
            else if (predicted) _falsePositives[0]++;
            else if (actual) _falseNegatives[0]++;
        }
        _count += n;
    }

    private void AddCategorical(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            int predicted = ArgMax(output.Slice(r * _classes, _classes));
            int actual = ArgMax(targets.Slice(r * _classes, _classes));
            if (predicted == actual)
            {
                _correct++;
                _truePositives[actual]++;
            }
            else
            {
                _falsePositives[predicted]++;
                _falseNegatives[actual]++;
            }
        }
        _count += rows;
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++) if (values[j] > values[best]) best = j;
        return best;
    }

    public float Loss => _rows == 0 ? float.NaN : (float)(_lossSum / _rows);
    public float Accuracy => _count == 0 ? float.NaN : (float)_correct / _count;

    /// <summary>Binary: TP / (TP + FP). Categorical: mean over the classes that were predicted at least once.</summary>
    public float Precision => Average(_falsePositives);

    /// <summary>Binary: TP / (TP + FN). Categorical: mean over the classes that occur in the targets.</summary>
    public float Recall => Average(_falseNegatives);

    private float Average(long[] misses)
    {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < _classes; c++)
        {
            long denominator = _truePositives[c] + misses[c];
            if (denominator == 0) continue;
            sum += (double)_truePositives[c] / denominator;
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

    // ---- Data-parallel hook (Distributed/DataParallelTraining): the sums, so that ranks can add up theirs ----------

    /// <summary>Values in <see cref="CopySumsTo"/>: loss sum, rows, correct, count, and true positives, false positives and
    /// false negatives per class.</summary>
    public int SumCount => 4 + 3 * _classes;

    /// <summary>Writes the accumulated sums (every one an integer except the loss sum) in the order of <see cref="SumCount"/>.</summary>
    public void CopySumsTo(Span<double> sums)
    {
        sums[0] = _lossSum;
        sums[1] = _rows;
        sums[2] = _correct;
        sums[3] = _count;
        for (int c = 0; c < _classes; c++)
        {
            sums[4 + c] = _truePositives[c];
            sums[4 + _classes + c] = _falsePositives[c];
            sums[4 + 2 * _classes + c] = _falseNegatives[c];
        }
    }

    /// <summary>Adds sums written by <see cref="CopySumsTo"/> (e.g. those of every rank, all-reduced).</summary>
    public void AddSums(ReadOnlySpan<double> sums)
    {
        _lossSum += sums[0];
        _rows += (long)sums[1];
        _correct += (long)sums[2];
        _count += (long)sums[3];
        for (int c = 0; c < _classes; c++)
        {
            _truePositives[c] += (long)sums[4 + c];
            _falsePositives[c] += (long)sums[4 + _classes + c];
            _falseNegatives[c] += (long)sums[4 + 2 * _classes + c];
        }
    }
}
