namespace NeuralDsl.EndToEnd.Tests.Models;

/// <summary>A small CNN for the comparison with the MLP on the same Fashion-MNIST subset.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(16, 3, Activation.Relu, Padding = Padding.Same)]
[MaxPooling2D(2)]
[Flatten]
[Dense(10, Activation.Softmax)]
public partial class SubsetCnn;

/// <summary>The tutorial's two-hidden-layer MLP on the same pixels.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dense(128, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class SubsetMlp;

/// <summary>LeNet-5 as in samples/LeNet, for the Keras parameter counts.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(6, 5, Activation.Relu, Padding = Padding.Same)]
[AveragePooling2D(2)]
[Conv2D(16, 5, Activation.Relu)]
[AveragePooling2D(2)]
[Flatten]
[Dense(120, Activation.Relu)]
[Dense(84, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class LeNetCounts;

