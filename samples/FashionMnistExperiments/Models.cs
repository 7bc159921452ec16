using NeuralDsl;

namespace FashionMnistExperiments;

// The three networks of the tutorial's MNIST chapter: 784 scaled pixels in, 10 softmax outputs,
// categorical cross-entropy, N_HIDDEN = 128.

/// <summary>"simple": one softmax layer on the pixels.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(10, Activation.Softmax)]
public partial class SimpleSoftmax;

/// <summary>"two hidden": two ReLU layers of 128 units.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dense(128, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class TwoHidden;

/// <summary>"dropout": the two hidden layers, each followed by Dropout(0.3).</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class TwoHiddenDropout;
