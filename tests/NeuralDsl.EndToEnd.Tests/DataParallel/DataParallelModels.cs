namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>A small classifier with a regularized layer (its penalty must count once, not once per rank) and every metric,
/// so that the all-reduced sums of loss, accuracy, precision and recall are all checked.</summary>
[Model(Loss = Loss.CategoricalCrossentropy, Metrics = Metric.Accuracy | Metric.Precision | Metric.Recall)]
[Input(12)]
[Dense(16, Activation.Relu, KernelRegularizer = Regularizer.L2, L2 = 0.01)]
[Dense(4, Activation.Softmax)]
public partial class ParallelClassifier;

/// <summary>The classifier with BatchNormalization: each rank normalizes its share with the share's statistics, and the
/// moving statistics (state, never stepped) must still end bit-identical on every rank.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(12)]
[Dense(16, UseBias = false)]
[BatchNormalization(Name = "bn")]
[Activation(Activation.Relu)]
[Dense(4, Activation.Softmax)]
public partial class ParallelBatchNormClassifier;
