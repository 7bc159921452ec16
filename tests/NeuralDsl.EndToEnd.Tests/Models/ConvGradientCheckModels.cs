namespace NeuralDsl.EndToEnd.Tests.Models;

// Small convolutional models whose generated backward passes are checked against finite differences:
// together they cover Conv2D with valid and same padding, stride 1 and 2, with and without bias, square
// and non-square kernels, a regularized kernel, stacked convolutions (input gradients through a
// convolution), MaxPooling2D and AveragePooling2D (valid and same, stride equal to and different from the
// pool), Flatten (after a pooling layer, a convolution, dropout and the input itself), dropout on rank-3
// tensors, a parameter-free pooling prefix, and a convolution as the output layer.

/// <summary>Conv2D valid, stride 1, with bias; Flatten; sigmoid fused with binary cross-entropy.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(6, 6, 2)]
[Conv2D(3, 3, Activation.Tanh, BiasInitializer = Initializer.RandomUniform)]
[Flatten]
[Dense(2, Activation.Sigmoid)]
public partial class ConvValidStride1;

/// <summary>Conv2D same, stride 2 (uneven padding on 7×5), without bias; softmax + categorical cross-entropy.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(7, 5, 3)]
[Conv2D(4, 3, Activation.Tanh, Strides = 2, Padding = Padding.Same, UseBias = false)]
[Flatten]
[Dense(3, Activation.Softmax)]
public partial class ConvSameStride2NoBias;

/// <summary>A non-square 3×2 kernel with an elastic-net regularizer, then a same-padded convolution that
/// sends its input gradient back through the first one; mean squared error.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(7, 5, 3)]
[Conv2D(2, 3, 2, Activation.Elu, BiasInitializer = Initializer.RandomUniform, KernelRegularizer = Regularizer.L1L2, L1 = 0.02, L2 = 0.03)]
[Conv2D(3, 2, Activation.Tanh, Padding = Padding.Same, BiasInitializer = Initializer.RandomUniform)]
[Flatten]
[Dense(2)]
public partial class ConvNonSquareStacked;

/// <summary>MaxPooling2D valid with the default stride (the pool size) after a same-padded convolution.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(6, 6, 2)]
[Conv2D(3, 3, Activation.Tanh, Padding = Padding.Same)]
[MaxPooling2D(2)]
[Flatten]
[Dense(2, Activation.Sigmoid)]
public partial class ConvMaxPoolValid;

/// <summary>MaxPooling2D same with stride 2 ≠ pool 3, overlapping windows.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(7, 5, 3)]
[Conv2D(2, 2, Activation.Tanh)]
[MaxPooling2D(3, Strides = 2, Padding = Padding.Same)]
[Flatten]
[Dense(3, Activation.Softmax)]
public partial class ConvMaxPoolSameStrided;

/// <summary>AveragePooling2D valid with stride 1 ≠ pool 3 after a non-square kernel; mean squared error.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(6, 6, 2)]
[Conv2D(3, 2, 3, Activation.Tanh)]
[AveragePooling2D(3, Strides = 1)]
[Flatten]
[Dense(2)]
public partial class ConvAveragePoolValid;

/// <summary>AveragePooling2D same (windows cut by the border, padding excluded from the mean), then dropout
/// on the rank-3 tensor before Flatten.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(7, 5, 3)]
[Conv2D(2, 3, Activation.Tanh, Padding = Padding.Same)]
[AveragePooling2D(2, Padding = Padding.Same)]
[Dropout(0.3)]
[Flatten]
[Dense(2, Activation.Sigmoid)]
public partial class ConvAveragePoolSameDropout;

/// <summary>Dropout on the rank-3 output of a convolution that feeds another convolution.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(6, 6, 2)]
[Conv2D(3, 3, Activation.Softplus, Padding = Padding.Same)]
[Dropout(0.25)]
[Conv2D(2, 3, Activation.Tanh, Strides = 2)]
[Flatten]
[Dense(2, Activation.Tanh)]
public partial class ConvDropoutBetweenConvolutions;

/// <summary>A parameter-free max-pooling prefix, then a same-padded convolution as the output layer:
/// sigmoid fused with binary cross-entropy on a rank-3 output.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(6, 6, 2)]
[MaxPooling2D(2, Strides = 1)]
[Conv2D(2, 3, Activation.Sigmoid, Padding = Padding.Same, UseBias = false)]
public partial class ConvPoolPrefixConvOutput;

/// <summary>Flatten right after an image input: the first Dense reads the model input through the reshape.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(4, 3, 2)]
[Flatten]
[Dense(3, Activation.Tanh)]
[Dense(2, Activation.Softmax)]
public partial class ConvFreeFlattenInput;

/// <summary>A max pooling after the second of two convolutions: its backward runs in that convolution's, which also
/// writes the input gradient into the first (relu: the derivative applied at the arg-maxes).</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(7, 6, 2)]
[Conv2D(3, 3, Activation.Tanh, Padding = Padding.Same, BiasInitializer = Initializer.RandomUniform)]
[Conv2D(4, 2, Activation.Relu, BiasInitializer = Initializer.RandomUniform)]
[MaxPooling2D(2)]
[Flatten]
[Dense(3, Activation.Softmax)]
public partial class ConvStackedMaxPool;

/// <summary>A linear convolution with its max pooling between two layers: the pooling's gradient passes as it is.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(8, 7, 2)]
[Conv2D(3, 3, Activation.Tanh, BiasInitializer = Initializer.RandomUniform)]
[Conv2D(3, 2, BiasInitializer = Initializer.RandomUniform)]
[MaxPooling2D(2)]
[Flatten]
[Dense(2, Activation.Sigmoid)]
public partial class ConvLinearMaxPoolBetween;
