using System;

namespace NeuralDsl.Generators.Contract;

/// <summary>Mirror of <c>NeuralDsl.Metric</c> (same values).</summary>
[Flags]
internal enum MetricFlags
{
    None = 0,
    Accuracy = 1,
    Precision = 2,
    Recall = 4,
    All = Accuracy | Precision | Recall,
}
