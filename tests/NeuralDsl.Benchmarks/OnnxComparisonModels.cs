namespace NeuralDsl.Benchmarks;

// The networks of the ONNX Runtime comparison (OnnxRuntimeComparisonBenchmarks, Inference/SideBySide) besides
// TutorialMlp (Models.cs): copies of declarations kept elsewhere, because those live in a test project and in a
// sample's top-level program, which cannot be linked in.

/// <summary>The Keras documentation's MNIST convnet, 34,826 parameters: 320, 18 496 and 16 010 (the declaration of
/// tests/NeuralDsl.EndToEnd.Tests/Models/ConvTutorialModels.cs).</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dropout(0.5)]
[Dense(10, Activation.Softmax)]
public partial class KerasMnistConvnet;

/// <summary>samples/Cifar10ResNet's residual block (v1).</summary>
[Block]
[Conv2D(1, 3, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Conv2D(1, 3, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4)]
[BatchNormalization]
[Add(BlockAttribute.Input)]
[Activation(Activation.Relu)]
public static class ResidualBlock;

/// <summary>samples/Cifar10ResNet's strided block with a 1×1 projection shortcut.</summary>
[Block]
[Conv2D(1, 3, Strides = BlockAttribute.Strides, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Conv2D(1, 3, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4)]
[BatchNormalization(Name = "residual")]
[Conv2D(1, 1, Strides = BlockAttribute.Strides, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4, From = BlockAttribute.Input, Name = "shortcut")]
[Add("residual")]
[Activation(Activation.Relu)]
public static class ProjectionBlock;

/// <summary>ResNet-20 v1, samples/Cifar10ResNet's declaration: 274,442 parameters on 32×32×3.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(32, 32, 3)]
[Conv2D(16, 3, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Repeat(typeof(ResidualBlock), 3, Name = "stage1_block", Filters = 16)]
[Repeat(typeof(ProjectionBlock), Name = "stage2_block", Filters = 32, Strides = 2)]
[Repeat(typeof(ResidualBlock), 2, Name = "stage2_block", Filters = 32)]
[Repeat(typeof(ProjectionBlock), Name = "stage3_block", Filters = 64, Strides = 2)]
[Repeat(typeof(ResidualBlock), 2, Name = "stage3_block", Filters = 64)]
[AveragePooling2D(8)]
[Flatten]
[Dense(10, Activation.Softmax, KernelInitializer = Initializer.HeNormal)]
public partial class ResNet20V1;
