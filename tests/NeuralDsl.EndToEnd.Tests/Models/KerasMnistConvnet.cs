namespace NeuralDsl.EndToEnd.Tests.Models;

// In a file of its own so that the ONNX Runtime comparison (tests/NeuralDsl.Benchmarks) compiles this declaration too.

/// <summary>The Keras documentation's MNIST convnet: 320, 18 496 and 16 010 parameters.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dropout(0.5)]
[Dense(10, Activation.Softmax)]
public partial class KerasMnistConvnet;
