namespace NeuralDsl.EndToEnd.Tests.Models;

// Small models whose generated backward passes are checked against finite differences: together they
// cover every activation, every loss (fused and unfused), dropout, every regularizer, and Dense with
// and without bias.

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dense(4, Activation.Linear)]
[Dense(2, Activation.Sigmoid)]
public partial class HiddenLinear;

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dense(4, Activation.Relu, BiasInitializer = Initializer.RandomUniform)]
[Dense(2, Activation.Sigmoid)]
public partial class HiddenRelu;

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dense(4, Activation.LeakyRelu)]
[Dense(2, Activation.Sigmoid)]
public partial class HiddenLeakyRelu;

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dense(4, Activation.Elu)]
[Dense(2, Activation.Sigmoid)]
public partial class HiddenElu;

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dense(4, Activation.Sigmoid)]
[Dense(2, Activation.Sigmoid)]
public partial class HiddenSigmoid;

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class HiddenTanh;

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dense(4, Activation.Softplus)]
[Dense(2, Activation.Sigmoid)]
public partial class HiddenSoftplus;

/// <summary>Softmax inside the network (not fused with a loss) and stand-alone activation layers.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(5)]
[Activation(Activation.Tanh)]
[Dense(4)]
[Activation(Activation.Softmax)]
[Dense(3)]
[Activation(Activation.Elu)]
public partial class ActivationLayers;

[Model(Loss = Loss.MeanSquaredError)]
[Input(5)]
[Dense(4, Activation.Tanh)]
[Dense(3)]
public partial class MseRegression;

[Model(Loss = Loss.MeanAbsoluteError)]
[Input(5)]
[Dense(4, Activation.Tanh)]
[Dense(3)]
public partial class MaeRegression;

[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(5)]
[Dense(6, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class SoftmaxClassifier;

/// <summary>Softmax as a separate layer still fuses with the loss.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(5)]
[Dense(3)]
[Activation(Activation.Softmax)]
public partial class SoftmaxLayerClassifier;

/// <summary>Cross-entropy on sigmoid outputs: the unfused −y/p gradient.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(5)]
[Dense(3, Activation.Sigmoid)]
public partial class UnfusedCrossentropy;

[Model(Loss = Loss.SparseCategoricalCrossentropy)]
[Input(5)]
[Dense(6, Activation.Relu)]
[Dense(4, Activation.Softmax)]
public partial class SparseClassifier;

[Model(Loss = Loss.BinaryCrossentropy)]
[Input(5)]
[Dropout(0.2)]
[Dense(6, Activation.Tanh)]
[Dropout(0.4)]
[Dense(2, Activation.Sigmoid)]
public partial class WithDropout;

[Model(Loss = Loss.MeanSquaredError)]
[Input(5)]
[Dense(4, Activation.Tanh, KernelRegularizer = Regularizer.L1, L1 = 0.05)]
[Dense(4, Activation.Tanh, KernelRegularizer = Regularizer.L2, L2 = 0.03)]
[Dense(2, KernelRegularizer = Regularizer.L1L2, L1 = 0.02, L2 = 0.04)]
public partial class Regularized;

[Model(Loss = Loss.MeanSquaredError)]
[Input(5)]
[Dense(4, Activation.Tanh, UseBias = false)]
[Dense(2, UseBias = false, KernelInitializer = Initializer.HeNormal)]
public partial class WithoutBias;
