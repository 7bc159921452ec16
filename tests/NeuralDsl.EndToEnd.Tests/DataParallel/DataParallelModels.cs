namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>A small classifier with a regularized layer (its penalty must count once, not once per rank) and every metric,
/// so that the all-reduced sums of loss, accuracy, precision and recall are all checked.</summary>
[Model(Loss = Loss.CategoricalCrossentropy, Metrics = Metric.Accuracy | Metric.Precision | Metric.Recall)]
[Input(12)]
[Dense(16, Activation.Relu, KernelRegularizer = Regularizer.L2, L2 = 0.01)]
[Dense(4, Activation.Softmax)]
public partial class ParallelClassifier;
