namespace NeuralDsl.EndToEnd.Tests.Callbacks;

/// <summary>A small classifier without dropout, so the CPU and OpenCL runs differ only by rounding.</summary>
[Model(Loss = Loss.CategoricalCrossentropy, Metrics = Metric.Accuracy)]
[Input(6)]
[Dense(8, Activation.Relu)]
[Dense(3, Activation.Softmax)]
public partial class CallbackNet;
