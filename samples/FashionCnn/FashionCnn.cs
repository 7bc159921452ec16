using NeuralDsl;

namespace FashionCnnSample;

// In a file of its own so that the ONNX export tests compile this declaration too.

/// <summary>Two convolution + max-pooling blocks, a hidden layer with dropout, softmax.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class FashionCnn;
