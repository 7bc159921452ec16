namespace NeuralDsl.EndToEnd.Tests.Models;

// Models beyond the straight stack whose generated backward passes are checked against finite differences: an output
// read by two layers (its gradients added), a branch from the named input, Add and Concatenate, a projection shortcut,
// BatchNormalization on vectors and images (with and without gamma/beta), global pooling, ZeroPadding2D, and the
// augmentation layers both on the input and inside the network (so their backward passes run).

/// <summary>A residual block on vectors: "stem" is read by the next Dense and by Add.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(6)]
[Dense(5, Activation.Relu, Name = "stem", BiasInitializer = Initializer.RandomUniform)]
[Dense(5, Activation.Tanh)]
[Add("stem")]
[Dense(3, Activation.Softmax)]
public partial class GraphVectorResidual;

/// <summary>A branch from the named input beside a Dense + Dropout whose Dense is read twice (so the dropout is not fused).</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(4, Name = "features")]
[Dense(3, Activation.Elu, Name = "hidden")]
[Dropout(0.25)]
[Dense(3, From = "features", Name = "linear")]
[Add("dropout", "hidden")]
[Dense(2, Activation.Sigmoid)]
public partial class GraphBranchFromInput;

/// <summary>Concatenate of two convolutions on the channel axis, then global average pooling.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(5, 5, 2)]
[Conv2D(3, 3, Activation.Relu, Padding = Padding.Same, Name = "wide", BiasInitializer = Initializer.RandomUniform)]
[Conv2D(2, 1, Activation.Tanh)]
[Concatenate("wide")]
[GlobalAveragePooling2D]
[Dense(3, Activation.Softmax)]
public partial class GraphConcatenate;

/// <summary>BatchNormalization on a vector between a Dense and its activation, mean squared error.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(6)]
[Dense(5)]
[BatchNormalization(Momentum = 0.9)]
[Activation(Activation.Tanh)] // smooth: with one row the normalized values are exactly 0, relu's kink
[Dense(2)]
public partial class GraphBatchNormVector;

/// <summary>A small ResNet block: padding, convolution, BatchNormalization (one without gamma), identity shortcut, global max pooling.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(6, 6, 2, Name = "image")]
[ZeroPadding2D(1, 0, 2, 1)]
[Conv2D(4, 3, UseBias = false)] // BatchNormalization cancels a bias (its true gradient is 0), as in ResNets
[BatchNormalization]
[Activation(Activation.Tanh, Name = "block_in")]
[Conv2D(4, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Scale = false, Epsilon = 0.01)]
[Add("block_in")]
[Activation(Activation.Elu)]
[GlobalMaxPooling2D]
[Dense(3, Activation.Softmax)]
public partial class GraphResidualBlock;

/// <summary>A projection shortcut: a strided 1×1 convolution beside a strided 3×3 one and its BatchNormalization.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(6, 6, 3)]
[Conv2D(4, 3, Activation.Tanh, Padding = Padding.Same, Name = "block")] // smooth: finite differences straddle relu's kink
[Conv2D(6, 1, Strides = 2, Name = "shortcut")]
[Conv2D(6, 3, Strides = 2, Padding = Padding.Same, From = "block", UseBias = false)]
[BatchNormalization(Center = false)]
[Add("shortcut")]
[GlobalAveragePooling2D]
[Dense(2, Activation.Softmax)]
public partial class GraphProjectionShortcut;

/// <summary>Augmentation on the input (no backward of its own), then a convolution.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(5, 5, 1)]
[RandomFlip]
[RandomTranslation(0.2, 0.3)]
[Conv2D(2, 3, Activation.Tanh)]
[Flatten]
[Dense(2, Activation.Softmax)]
public partial class GraphAugmentedInput;

/// <summary>Augmentation inside the network, so its backward passes carry gradients to the convolution before it.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(5, 4, 1)]
[Conv2D(2, 3, Activation.Tanh, Padding = Padding.Same, BiasInitializer = Initializer.RandomUniform)]
[RandomTranslation(0.3, 0.3, FillMode = FillMode.Reflect)]
[RandomFlip(Flip.Horizontal)]
[RandomTranslation(0.25, 0.5, FillMode = FillMode.Constant, FillValue = 0.5)]
[Flatten]
[Dense(2)]
public partial class GraphAugmentationInside;


/// <summary>A block whose shortcut reads the block's input and whose Concatenate reads one of its own layers by name.</summary>
[Block]
[Conv2D(1, 1, Activation.Tanh, Name = "squeeze")]
[Conv2D(1, 3, Activation.Elu, Padding = Padding.Same)]
[Concatenate("squeeze", Name = "joined")]
[Conv2D(2, 1, Activation.Tanh)]
[Add(BlockAttribute.Input)]
public static class SqueezeBlock;

/// <summary>The block used twice with Filters = 2 (so its counts scale), after a layer of the model.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(4, 4, 3)]
[Conv2D(4, 1, Activation.Tanh, Name = "stem")]
[Repeat(typeof(SqueezeBlock), 2, Name = "unit", Filters = 2)]
[GlobalAveragePooling2D]
[Dense(2, Activation.Softmax)]
public partial class GraphRepeatedBlock;

/// <summary>BatchNormalization alone between the input and a linear head, to check its statistics by hand.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(3)]
[BatchNormalization(Momentum = 0.9, Epsilon = 0.01, Name = "bn")]
[Dense(1, Name = "head")]
public partial class BatchNormProbe;

/// <summary>The same with the BatchNormalization frozen (Keras 3: inference mode, gamma and beta fixed).</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(3)]
[BatchNormalization(Momentum = 0.9, Epsilon = 0.01, Name = "bn", Trainable = false)]
[Dense(1, Name = "head")]
public partial class FrozenBatchNormProbe;

/// <summary>A linear Conv2D read only by a BatchNormalization: folded into one product at inference.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(5, 5, 2)]
[Conv2D(3, 3, Padding = Padding.Same, Name = "conv", BiasInitializer = Initializer.RandomUniform)]
[BatchNormalization(Epsilon = 0.01, Name = "bn")]
[Activation(Activation.Tanh)]
[Flatten]
[Dense(2, Name = "head")]
public partial class FoldedConvBatchNorm;

/// <summary>The same network without the BatchNormalization, to receive the folded weights by hand.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(5, 5, 2)]
[Conv2D(3, 3, Padding = Padding.Same, Name = "conv")]
[Activation(Activation.Tanh)]
[Flatten]
[Dense(2, Name = "head")]
public partial class ConvWithoutBatchNorm;

/// <summary>Both residual forms the CPU fuses into a convolution's epilogue at inference: Conv2D → BatchNormalization →
/// Add(earlier layer) → relu, and a linear Conv2D with bias → Add(earlier layer); then a strided tanh convolution.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(6, 6, 4)]
[Conv2D(4, 3, Padding = Padding.Same, Name = "stem", BiasInitializer = Initializer.RandomUniform)]
[Conv2D(4, 3, Padding = Padding.Same, UseBias = false, Name = "a")]
[BatchNormalization(Epsilon = 0.01, Name = "a_bn")]
[Add("stem", Name = "a_add")]
[Activation(Activation.Relu, Name = "a_out")]
[Conv2D(4, 1, Name = "b", BiasInitializer = Initializer.RandomUniform)]
[Add("a_out", Name = "b_add")]
[Conv2D(5, 3, Strides = 2, Padding = Padding.Same, Name = "c")]
[BatchNormalization(Epsilon = 0.01, Name = "c_bn")]
[Activation(Activation.Tanh)]
[Flatten]
[Dense(3, Name = "head")]
public partial class FusedResiduals;

/// <summary><see cref="FusedResiduals"/> with a linear activation layer before each Add: the same parameters, but each
/// Add then reads that layer and runs as its own pass.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(6, 6, 4)]
[Conv2D(4, 3, Padding = Padding.Same, Name = "stem", BiasInitializer = Initializer.RandomUniform)]
[Conv2D(4, 3, Padding = Padding.Same, UseBias = false, Name = "a")]
[BatchNormalization(Epsilon = 0.01, Name = "a_bn")]
[Activation(Activation.Linear, Name = "a_apart")]
[Add("stem", Name = "a_add")]
[Activation(Activation.Relu, Name = "a_out")]
[Conv2D(4, 1, Name = "b", BiasInitializer = Initializer.RandomUniform)]
[Activation(Activation.Linear, Name = "b_apart")]
[Add("a_out", Name = "b_add")]
[Conv2D(5, 3, Strides = 2, Padding = Padding.Same, Name = "c")]
[BatchNormalization(Epsilon = 0.01, Name = "c_bn")]
[Activation(Activation.Tanh)]
[Flatten]
[Dense(3, Name = "head")]
public partial class SeparateResiduals;
