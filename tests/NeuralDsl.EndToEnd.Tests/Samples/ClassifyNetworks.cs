namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>The layers of samples/FashionMnistExperiments' TwoHidden (Classify's default network), to write weights
/// Classify loads (it accepts another model's name for the same tensors).</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dense(128, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class ClassifyTwoHidden;
