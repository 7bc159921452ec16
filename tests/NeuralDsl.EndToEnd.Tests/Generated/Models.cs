namespace NeuralDsl.EndToEnd.Tests;

// Models declared for end-to-end checks of the generated code (the generator runs as an analyzer here).

/// <summary>The MLP of the design document: ReLU, dropout, softmax fused with categorical cross-entropy.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class Small;

/// <summary>The tutorial's parity model: one sigmoid unit on 8 bits, fused with binary cross-entropy.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(8)]
[Dense(1, Activation.Sigmoid)]
public partial class ParityModel;
