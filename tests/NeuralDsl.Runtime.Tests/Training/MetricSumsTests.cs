namespace NeuralDsl.Runtime.Tests.Training;

/// <summary>The metrics come from raw sums by one set of formulas, however the sums were gathered: batch by batch, as
/// totals a device read back, or added up from the parts of a data-parallel run.</summary>
public sealed class MetricSumsTests
{
    private static ModelInfo Categorical() =>
        new("Three", [2], 2, 3, 0, Loss.CategoricalCrossentropy, Metric.Accuracy | Metric.Precision | Metric.Recall, []);

    // Rows 0-3: predicted 0, 1, 2, 0 (arg-max of the outputs) against targets 0, 2, 2, 1.
    private static readonly float[] Outputs = [0.7f, 0.2f, 0.1f, 0.1f, 0.8f, 0.1f, 0.2f, 0.2f, 0.6f, 0.5f, 0.3f, 0.2f];
    private static readonly float[] Targets = [1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0];

    [Fact]
    public void Sums_added_up_from_parts_give_the_values_of_the_whole()
    {
        var whole = new MetricsAccumulator(Categorical());
        whole.Add(Outputs, Targets, 4, penalty: 0.5);

        var first = new MetricsAccumulator(Categorical());
        first.Add(Outputs.AsSpan(0, 6), Targets.AsSpan(0, 6), 2, penalty: 0.5);
        var second = new MetricsAccumulator(Categorical());
        second.Add(Outputs.AsSpan(6), Targets.AsSpan(6), 2, penalty: 0.5);
        var combined = new MetricsAccumulator(Categorical());
        combined.Sums.Add(first.Sums);
        combined.Sums.Add(second.Sums);

        Assert.Equal(whole.Sums.Values, combined.Sums.Values);
        Assert.Equal(whole.Loss, combined.Loss, 1e-6f);
        Assert.Equal(0.5f, combined.Accuracy); // rows 0 and 2
        // Predicted classes 0 (TP 1, FP 1), 1 (FP 1), 2 (TP 1): precision (1/2 + 0 + 1) / 3.
        Assert.Equal(0.5f, combined.Precision, 1e-6f);
        // Target classes 0 (TP 1), 1 (FN 1), 2 (TP 1, FN 1): recall (1 + 0 + 1/2) / 3.
        Assert.Equal(0.5f, combined.Recall, 1e-6f);
        // −log 0.7 − log 0.1 − log 0.6 − log 0.3 over 4 rows, plus the penalty.
        double loss = -(Math.Log(0.7) + Math.Log(0.1) + Math.Log(0.6) + Math.Log(0.3)) / 4 + 0.5;
        Assert.Equal(loss, combined.Loss, 1e-6);
    }

    [Fact]
    public void The_layout_is_loss_rows_correct_count_then_the_confusion_counts_per_class()
    {
        var metrics = new MetricsAccumulator(Categorical());
        metrics.Add(Outputs, Targets, 4, penalty: 0);
        double[] values = metrics.Sums.Values;
        Assert.Equal(4 + 3 * 3, values.Length);
        Assert.Equal([4, 2, 4], values[1..4]);
        Assert.Equal([1, 0, 1, /* FP */ 1, 1, 0, /* FN */ 0, 1, 1], values[4..]);
    }
}
