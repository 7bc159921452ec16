namespace NeuralDsl.EndToEnd.Tests.Models;

/// <summary>The tutorial's parity model: one sigmoid unit on 8 bits.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(8)]
[Dense(1, Activation.Sigmoid)]
public partial class ParityBits;

/// <summary>The tutorial's dropout MLP (N_HIDDEN 128, Dropout 0.3), used with Adam on Fashion-MNIST.</summary>
[Model(Loss = Loss.CategoricalCrossentropy, Metrics = Metric.Accuracy | Metric.Precision | Metric.Recall)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class FashionMlp;

/// <summary>Image-shaped input: dropout and activations work on any shape before a Dense layer needs rank 1.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(4, 4, 2)]
[Dropout(0.1)]
[Activation(Activation.Tanh)]
public partial class ImageIdentity;
