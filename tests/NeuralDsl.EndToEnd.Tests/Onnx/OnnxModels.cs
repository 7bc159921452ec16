namespace NeuralDsl.EndToEnd.Tests.Onnx;

// Models for the ONNX export tests beside those declared for other tests (Models/): every activation on images and on
// vectors, layouts that meet (a channels-first Flatten joined with a channels-last one), and the larger networks.

/// <summary>Every activation, as a layer on an image, as a Dense's and as a Conv2D's; a Dense without bias.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(5, 4, 2)]
[Activation(Activation.LeakyRelu)]
[Conv2D(3, 3, Activation.Elu, Padding = Padding.Same, BiasInitializer = Initializer.RandomUniform)]
[Activation(Activation.Softplus)]
[Conv2D(3, 2, Activation.Sigmoid)]
[Activation(Activation.Relu)]
[Activation(Activation.Linear)]
[Flatten]
[Dense(6, Activation.Tanh, UseBias = false)]
[Activation(Activation.Elu)]
[Dense(5, Activation.LeakyRelu)]
[Dense(4, Activation.Softplus)]
[Dense(3)]
[Activation(Activation.Softmax)]
public partial class OnnxActivations;

/// <summary>Two flattened images added (both channels-first), then one flattened channels-first joined with one flattened
/// in NeuralDsl's order.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(4, 4, 2, Name = "image")]
[Conv2D(2, 3, Activation.Tanh, Padding = Padding.Same, Name = "first")]
[Flatten(Name = "first_flat")]
[Conv2D(2, 3, Activation.Elu, Padding = Padding.Same, From = "first")]
[Flatten]
[Add("first_flat", Name = "sum")]
[Flatten(From = "image")]
[Concatenate("sum")]
[Dense(3, Activation.Softmax)]
public partial class OnnxMixedLayouts;

/// <summary>The model's output is a flattened image (channels-first inside the graph, NeuralDsl's order outside).</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(3, 5, 2)]
[Conv2D(3, 2, Activation.Tanh, Padding = Padding.Same, Strides = 2)]
[Flatten]
[Activation(Activation.Sigmoid)]
public partial class OnnxFlatOutput;

/// <summary>Vectors joined: a branch from the input beside a hidden layer.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(6, Name = "features")]
[Dense(4, Activation.Relu, Name = "hidden", BiasInitializer = Initializer.RandomUniform)]
[Dense(3, Activation.Tanh, From = "features")]
[Concatenate("hidden")]
[BatchNormalization(Epsilon = 0.01)]
[Dense(2, Activation.Softmax)]
public partial class OnnxVectorConcatenate;

/// <summary>Pooling of every kind on odd sizes, "same" with its extra row and column at the bottom and right.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(9, 7, 2)]
[AveragePooling2D(3, Strides = 2, Padding = Padding.Same)]
[Conv2D(4, 2, Activation.Relu, Padding = Padding.Same, Strides = 2)]
[MaxPooling2D(2, Strides = 1, Padding = Padding.Same)]
[ZeroPadding2D(2, 1, 0, 3)]
[AveragePooling2D(2)]
[GlobalMaxPooling2D]
[Dense(3, Activation.Softmax)]
public partial class OnnxPooling;
