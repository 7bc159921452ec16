using NeuralDsl;

namespace Cifar10ResNet;

// In a file of its own so that the ONNX export tests and the ONNX Runtime comparison compile this declaration too.

/// <summary>The example's residual block (v1): two 3×3 convolutions with BatchNormalization, he_normal kernels and
/// l2(1e-4), ReLU after the first and after the identity shortcut is added.</summary>
[Block]
[Conv2D(1, 3, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Conv2D(1, 3, Padding = Padding.Same, KernelInitializer = Initializer.HeNormal, L2 = 1e-4)]
[BatchNormalization]
[Add(BlockAttribute.Input)]
[Activation(Activation.Relu)]
public static class ResidualBlock;

/// <summary>The block that starts stages 2 and 3: strided, its input brought along by a strided 1×1 projection (no
/// BatchNormalization on the shortcut in v1).</summary>
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

/// <summary>
/// ResNet-20 v1 as the Keras example builds it (keras.io/examples/vision, "cifar10_resnet", version 1, n = 3): a stem
/// convolution, three stages of three residual blocks with 16, 32 and 64 filters (the first block of stages 2 and 3
/// strided), then 8×8 average pooling, Flatten and softmax. Keras's counts: 274,442 parameters, 1,376 non-trainable.
/// </summary>
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
