namespace NeuralDsl.Generators.Tests.Snapshots;

/// <summary>Sources of the models whose generated code is kept as golden files.</summary>
public static class SnapshotModels
{
    /// <summary>The MLP of the design document: ReLU, dropout, softmax fused with categorical cross-entropy.</summary>
    public const string Small = """
        using NeuralDsl;

        namespace Demo;

        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Input(784)]
        [Dense(128, Activation.Relu)]
        [Dropout(0.3)]
        [Dense(10, Activation.Softmax)]
        public partial class Small;
        """;

    /// <summary>The tutorial's parity model, in the global namespace: sigmoid fused with binary cross-entropy.</summary>
    public const string Parity = """
        using NeuralDsl;

        [Model(Loss = Loss.BinaryCrossentropy)]
        [Input(8)]
        [Dense(1, Activation.Sigmoid)]
        public partial class ParityModel;
        """;

    /// <summary>Every activation as a stand-alone layer, softmax unfused (MSE), a Dense without bias,
    /// L1 / L2 / L1L2 regularizers and non-default initializers.</summary>
    public const string ActivationZoo = """
        using NeuralDsl;

        namespace Zoo.Models;

        [Model(Loss = Loss.MeanSquaredError, Metrics = Metric.None)]
        [Input(6)]
        [Dense(8, UseBias = false, KernelInitializer = Initializer.HeNormal, KernelRegularizer = Regularizer.L1L2, L1 = 0.001, L2 = 0.0005)]
        [Activation(Activation.Relu)]
        [Dense(8, KernelInitializer = Initializer.RandomNormal, BiasInitializer = Initializer.Ones, KernelRegularizer = Regularizer.L2)]
        [Activation(Activation.LeakyRelu)]
        [Activation(Activation.Elu)]
        [Activation(Activation.Sigmoid)]
        [Activation(Activation.Tanh)]
        [Activation(Activation.Softplus)]
        [Activation(Activation.Linear)]
        [Dense(4, KernelInitializer = Initializer.GlorotNormal, KernelRegularizer = Regularizer.L1, L1 = 1e-5)]
        [Activation(Activation.Softmax)]
        public partial class ActivationZoo;
        """;

    /// <summary>A rank-3 input through shape-preserving layers only: no parameters, so no backward pass.</summary>
    public const string ImageNoise = """
        using NeuralDsl;

        namespace Demo.Images;

        [Model(Loss = Loss.MeanAbsoluteError)]
        [Input(28, 28, 1)]
        [Dropout(0.2)]
        [Activation(Activation.Relu)]
        public partial class ImageNoise;
        """;

    /// <summary>A model nested in a partial class, a parameter-free prefix (dropout on the input), sparse
    /// categorical cross-entropy fused with a stand-alone softmax, and every metric.</summary>
    public const string NestedClassifier = """
        using NeuralDsl;

        namespace Demo;

        /// <summary>Models of one experiment.</summary>
        public static partial class Experiments
        {
            [Model(Loss = Loss.SparseCategoricalCrossentropy, Metrics = Metric.Accuracy | Metric.Precision | Metric.Recall)]
            [Input(20)]
            [Dropout(0.1)]
            [Dense(16, Activation.Tanh, KernelInitializer = Initializer.GlorotUniform)]
            [Dropout(0.5)]
            [Dense(3)]
            [Activation(Activation.Softmax)]
            internal sealed partial class NestedClassifier;
        }
        """;

    /// <summary>The CNN of the design document: Conv2D with same padding and ReLU, max pooling, Flatten,
    /// then softmax fused with categorical cross-entropy.</summary>
    public const string SmallCnn = """
        using NeuralDsl;

        namespace Demo;

        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Input(28, 28, 1)]
        [Conv2D(32, 3, Activation.Relu, Padding = Padding.Same)]
        [MaxPooling2D(2)]
        [Flatten]
        [Dense(10, Activation.Softmax)]
        public partial class SmallCnn;
        """;

    /// <summary>A LeNet-like network: a 5×3 kernel without bias and with an L2 regularizer and He
    /// initializer, average pooling (valid, and same with stride 1 ≠ pool 3), a stride-2 same-padded
    /// convolution with uneven padding, dropout on a rank-3 tensor, Flatten, two Dense layers.</summary>
    public const string LeNet = """
        using NeuralDsl;

        namespace Demo.Vision;

        [Model(Loss = Loss.SparseCategoricalCrossentropy)]
        [Input(32, 32, 3)]
        [Conv2D(6, 5, 3, Activation.Tanh, UseBias = false, KernelInitializer = Initializer.HeUniform, KernelRegularizer = Regularizer.L2, L2 = 0.0005)]
        [AveragePooling2D(2)]
        [Conv2D(16, 3, Activation.Relu, Strides = 2, Padding = Padding.Same)]
        [Dropout(0.25)]
        [AveragePooling2D(3, Strides = 1, Padding = Padding.Same)]
        [Flatten]
        [Dense(64, Activation.Relu)]
        [Dense(10, Activation.Softmax)]
        public partial class LeNet;
        """;

    /// <summary>Keras's MNIST convnet (the parameter counts of its summary are known: 320, 18496, 16010):
    /// two valid convolutions with max pooling (an odd 11×11 input floors to 5×5), Flatten, then dropout
    /// on the flattened vector before the softmax head.</summary>
    public const string KerasMnistCnn = """
        using NeuralDsl;

        namespace Demo;

        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Input(28, 28, 1)]
        [Conv2D(32, 3, Activation.Relu)]
        [MaxPooling2D(2)]
        [Conv2D(64, 3, Activation.Relu)]
        [MaxPooling2D(2)]
        [Flatten]
        [Dropout(0.5)]
        [Dense(10, Activation.Softmax)]
        public partial class KerasMnistCnn;
        """;

    /// <summary>Transfer learning: a convnet base reused through its Flatten, frozen, under a new named head; the generated
    /// file holds the typed CopyWeightsFrom, the frozen layers' LayerInfo and the backward passes' trainability checks.</summary>
    public const string TransferHead = """
        using NeuralDsl;

        namespace Demo.Transfer;

        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Input(28, 28, 1)]
        [Conv2D(8, 3, Activation.Relu, Name = "base_conv")]
        [MaxPooling2D(2)]
        [Flatten]
        [Dense(16, Activation.Relu)]
        [Dense(5, Activation.Softmax)]
        public partial class Clothes;

        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Reuse(typeof(Clothes), Through = "flatten", Trainable = false)]
        [Dense(32, Activation.Relu, Name = "head")]
        [Dense(5, Activation.Softmax)]
        public partial class Shoes;
        """;

    /// <summary>A residual block: a projection shortcut read beside the main path, BatchNormalization (weights and state),
    /// Add, global average pooling, augmentation; "block" has two readers, so its gradient is added up.</summary>
    public const string ResidualBlock = """
        using NeuralDsl;

        namespace Demo.Graphs;

        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Input(8, 8, 3, Name = "image")]
        [RandomFlip(Flip.Horizontal)]
        [Conv2D(8, 3, Padding = Padding.Same, UseBias = false)]
        [BatchNormalization]
        [Activation(Activation.Relu, Name = "block")]
        [Conv2D(16, 1, Strides = 2, Name = "shortcut")]
        [Conv2D(16, 3, Strides = 2, Padding = Padding.Same, From = "block", UseBias = false)]
        [BatchNormalization]
        [Add("shortcut")]
        [Activation(Activation.Relu)]
        [GlobalAveragePooling2D]
        [Dense(10, Activation.Softmax)]
        public partial class ResidualBlock;
        """;
}
