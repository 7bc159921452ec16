namespace NeuralDsl.EndToEnd.Tests.Models;

// A factor written without KernelRegularizer, as Keras's kernel_regularizer=l2(0.5): it implies its regularizer.

/// <summary>A hidden layer with <c>L2 = 0.5f</c> alone, which implies <see cref="Regularizer.L2"/>.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(6)]
[Dense(5, Activation.Relu, L2 = 0.5f)]
[Dense(2)]
public partial class ImpliedL2;

/// <summary><see cref="ImpliedL2"/> without the factor: the same layers and parameter layout, no penalty.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(6)]
[Dense(5, Activation.Relu)]
[Dense(2)]
public partial class ImpliedL2Unregularized;
