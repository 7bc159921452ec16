namespace NeuralDsl.EndToEnd.Tests.Models;

// Models of the transfer-learning tests: a base, models that reuse it frozen with new heads, and frozen layers in the middle
// of a model (the gradient must still flow through them to the trainable layers below).

/// <summary>An MLP base with a named feature layer.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(6)]
[Dense(8, Activation.Tanh)]
[Dense(5, Activation.Relu, Name = "features")]
[Dense(3, Activation.Softmax)]
public partial class TransferBase;

/// <summary>TransferBase through its features, frozen, under a new head.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Reuse(typeof(TransferBase), Through = "features", Trainable = false)]
[Dense(4, Activation.Softmax, Name = "new_head")]
public partial class TransferHead;

/// <summary>A trainable layer under a frozen one: its gradient passes through the frozen layer.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(6)]
[Dense(8, Activation.Tanh)]
[Dense(5, Activation.Relu, Trainable = false)]
[Dense(3, Activation.Softmax)]
public partial class MiddleFrozen;

/// <summary>MiddleFrozen with every layer trainable (the same seed gives the same weights).</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(6)]
[Dense(8, Activation.Tanh)]
[Dense(5, Activation.Relu)]
[Dense(3, Activation.Softmax)]
public partial class MiddleTrainable;

/// <summary>A small convnet base.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(8, 8, 2)]
[Conv2D(4, 3, Activation.Relu, Padding = Padding.Same, Name = "conv_a")]
[MaxPooling2D(2)]
[Conv2D(3, 2, Activation.Tanh, Name = "conv_b")]
[Flatten]
[Dense(3, Activation.Softmax)]
public partial class ConvBase;

/// <summary>ConvBase's convolutions, frozen, under a new Dense head.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Reuse(typeof(ConvBase), Through = "flatten", Trainable = false)]
[Dense(6, Activation.Relu)]
[Dropout(0.25)]
[Dense(2, Activation.Softmax)]
public partial class ConvHead;
