namespace NeuralDsl.EndToEnd.Tests.Reliability;

/// <summary>An MLP with dropout (which inference must leave alone), small enough for hundreds of calls a second.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(64)]
[Dense(32, Activation.Relu)]
[Dropout(0.2)]
[Dense(4, Activation.Softmax)]
public partial class ConcurrentMlp;

/// <summary>A small CNN: im2col columns and pooling arg-max buffers in the workspace, which concurrent calls must not share.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(8, 8, 2)]
[Conv2D(4, 3, Activation.Relu, Padding = Padding.Same)]
[MaxPooling2D(2)]
[Flatten]
[Dense(3, Activation.Softmax)]
public partial class ConcurrentCnn;
